using HdrHistogram;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>Percentiles of one latency, in milliseconds.</summary>
public sealed record Latency(long Count, double P50, double P99, double P999, double Max)
{
    public static Latency Of(LongHistogram h)
    {
        lock (h)
            return h.TotalCount == 0
                ? new Latency(0, 0, 0, 0, 0)
                : new Latency(h.TotalCount, h.GetValueAtPercentile(50) / 1000.0, h.GetValueAtPercentile(99) / 1000.0,
                    h.GetValueAtPercentile(99.9) / 1000.0, h.GetMaxValue() / 1000.0);
    }
}

/// <summary>The figures of one offered-load step.</summary>
public sealed record StepResult(
    int Offered, double Seconds, long Started, double StartedPerSecond, double ClosedPerSecond, long ClosedOwn,
    Latency Intake, Latency IntakeUncorrected, Latency ReceiptToDispatched, Latency CompletionToCallbackScheduled, Latency Lifecycle,
    Dictionary<string, Latency> Steps, Dictionary<string, long> Statuses, long Failed, long Breaches, long Reopened,
    long QueueDepthStart, long QueueDepthEnd, double QueueGrowthPerSecond, int OpenLifecyclesEnd,
    double CommitsPerSecond, double EventsAppendedPerSecond, double MessagesPublishedPerSecond, double MessagesDeliveredPerSecond,
    double CommitsPerLifecycle, double EventsPerLifecycle, double MessagesPerLifecycle,
    Dictionary<string, double> CpuPercent, Dictionary<string, double> CpuMsPerLifecycle,
    bool WithinSla, bool BacklogFlat, bool Broken, string Verdict);
