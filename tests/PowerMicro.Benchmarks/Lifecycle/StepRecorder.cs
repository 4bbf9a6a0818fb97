using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>
/// What one offered-load step saw. Latencies in microseconds; intake latency counts from the moment the
/// open-loop schedule meant to send the order (corrected for coordinated omission), not from when it was sent.
/// Latencies of later steps of a lifecycle are recorded in the step the order was taken in.
/// </summary>
public sealed class StepRecorder(int offered)
{
    public int Offered { get; } = offered;
    public long StartTicks { get; set; }
    public long EndTicks { get; set; }

    public LongHistogram Intake { get; } = NewHistogram();            // intended send → 201 (corrected)
    public LongHistogram IntakeService { get; } = NewHistogram();     // actual send → 201 (uncorrected)
    public LongHistogram ReceiptToDispatched { get; } = NewHistogram();
    public LongHistogram CompletionToCallback { get; } = NewHistogram();
    public LongHistogram Lifecycle { get; } = NewHistogram();
    public ConcurrentDictionary<string, LongHistogram> Steps { get; } = new();
    public ConcurrentDictionary<string, long> Statuses { get; } = new();

    public long Started;
    public long Answered;       // intake requests answered (any status)
    public long Closed;          // lifecycles closed while this step ran (whenever they started)
    public long ClosedOwn;       // lifecycles of this step closed by the end of the run
    public long Failed;          // requests that got no acceptable answer after retries
    public long Breaches;
    public long Reopened;

    public static LongHistogram NewHistogram() => new(TimeSpan.FromMinutes(10).Ticks / 10, 3);

    public void Record(LongHistogram histogram, long startTicks, long endTicks)
    {
        var micros = Math.Max(1, (endTicks - startTicks) * 1_000_000 / Stopwatch.Frequency);
        lock (histogram) histogram.RecordValue(Math.Min(micros, histogram.HighestTrackableValue));
    }

    public void RecordStep(string step, long startTicks, long endTicks) =>
        Record(Steps.GetOrAdd(step, _ => NewHistogram()), startTicks, endTicks);

    public void Count(string route, int status) => Statuses.AddOrUpdate($"{route} {status}", 1, (_, n) => n + 1);
}
