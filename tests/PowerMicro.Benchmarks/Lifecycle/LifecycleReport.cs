using System.Text.Json;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>The ratio of a figure the system reached to the machine's raw limit for the same kind of work.</summary>
public sealed record Ratio(string Figure, double System, double Limit, double Share);

/// <summary>Everything one run found: what the JSON file holds.</summary>
public sealed record Report(
    string Label, DateTimeOffset At, string LoadAverageAtStart, string LoadAverageAtEnd, int Cores, LifecycleOptions Options, RawFigures? Raw,
    List<StepResult> Steps, RunTotals Totals, int? SustainedOffered, double SustainedLifecyclesPerSecond, StepResult? Reference,
    List<Ratio> Ratios, Dictionary<string, double> PeakMemoryMb, Dictionary<string, double> CpuSecondsTotal,
    Dictionary<string, int> Unfinished, long RejectedOrders, long EventsSeen, double Seconds, CheckResult Check, List<string> Bounds);

public static class LifecycleReport
{
    public const string RowHeader =
        "offered  started/s closed/s  intake p50/p99/p99.9 ms   dispatch p50/p99 ms  callback p50/p99 ms  commits/lc msgs/lc  queue  open  fail  verdict";

    public static string Row(StepResult r) =>
        $"{r.Offered,7} {r.StartedPerSecond,9:0.0} {r.ClosedPerSecond,8:0.0}  {r.Intake.P50,6:0.0}/{r.Intake.P99,7:0.0}/{r.Intake.P999,7:0.0}   " +
        $"{r.ReceiptToDispatched.P50,7:0}/{r.ReceiptToDispatched.P99,7:0}     {r.CompletionToCallbackScheduled.P50,7:0}/{r.CompletionToCallbackScheduled.P99,7:0}    " +
        $"{r.CommitsPerLifecycle,7:0.0} {r.MessagesPerLifecycle,6:0.0}  {r.QueueDepthEnd,5} {r.OpenLifecyclesEnd,5} {r.Failed,5}  {r.Verdict}";

    public static StepResult Result(StepRecorder r, StepMeasure m, LifecycleOptions options)
    {
        var intake = Latency.Of(r.Intake);
        var started = Interlocked.Read(ref r.Started);
        var perLifecycle = Math.Max(1, started);
        // backlog: slopes over the step's second half (the first half carries the change from the last step's rate)
        var half = m.Backlog.Where(b => b.At >= m.Seconds / 2).ToList();
        var queueSlope = Slope(half.Select(b => (b.At, (double)b.Depth)).ToList());
        var openSlope = Slope(half.Select(b => (b.At, (double)b.Open)).ToList());
        var delivered = Math.Max(0, m.Delta.Delivered - m.TapReceived);
        var backlogFlat = (queueSlope <= Math.Max(5, 0.05 * m.Delta.Published / m.Seconds) || m.DepthEnd <= 100) && openSlope <= Math.Max(2, 0.1 * r.Offered);
        var failed = Interlocked.Read(ref r.Failed);
        var withinSla = intake.P99 <= options.SlaP99Ms;
        var broken = intake.P99 > options.BreakP99Ms || !backlogFlat || failed > 0.01 * started;
        var verdict = withinSla && backlogFlat && failed == 0 ? "sustained"
            : broken ? (intake.P99 > options.BreakP99Ms ? "BROKEN: latency" : !backlogFlat ? "BROKEN: backlog grows" : "BROKEN: failures")
            : !withinSla ? "over p99 target" : failed > 0 ? "failures" : "backlog";
        return new StepResult(
            r.Offered, m.Seconds, started, started / m.Seconds, Interlocked.Read(ref r.Closed) / m.Seconds, Interlocked.Read(ref r.ClosedOwn),
            intake, Latency.Of(r.IntakeService), Latency.Of(r.ReceiptToDispatched), Latency.Of(r.CompletionToCallback), Latency.Of(r.Lifecycle),
            r.Steps.ToDictionary(s => s.Key, s => Latency.Of(s.Value)), new Dictionary<string, long>(r.Statuses), failed,
            Interlocked.Read(ref r.Breaches), Interlocked.Read(ref r.Reopened),
            m.DepthStart, m.DepthEnd, queueSlope, m.OpenEnd,
            m.Delta.Commits / m.Seconds, m.Delta.EventsAppended / m.Seconds, m.Delta.Published / m.Seconds, delivered / m.Seconds,
            m.Delta.Commits / (double)perLifecycle, m.Delta.EventsAppended / (double)perLifecycle, (m.Delta.Published + delivered) / (double)perLifecycle,
            m.CpuSeconds.ToDictionary(c => c.Key, c => 100 * c.Value / m.Seconds),
            m.CpuSeconds.ToDictionary(c => c.Key, c => 1000 * c.Value / perLifecycle),
            withinSla, backlogFlat, broken, verdict);
    }

    public static Report Build(LifecycleOptions options, RawFigures? raw, List<StepResult> steps, RunTotals totals, ProcessSampler sampler,
        Dictionary<string, int> unfinished, long rejected, long events, TimeSpan elapsed, CheckResult check, string loadAtStart)
    {
        var sustained = steps.Where(s => s.Verdict == "sustained").MaxBy(s => s.Offered);
        var reference = sustained ?? steps.Where(s => !s.Broken).MaxBy(s => s.Offered) ?? steps.FirstOrDefault();
        var ratios = new List<Ratio>();
        var bounds = new List<string>();
        if (reference is not null && raw is not null)
        {
            void Add(string figure, double system, double limit) => ratios.Add(new Ratio(figure, system, limit, limit > 0 ? system / limit : 0));
            Add("intake orders/s : pgbench one-row insert tx/s", reference.StartedPerSecond, raw.PgbenchInsertTps);
            Add("PostgreSQL commits/s : pgbench one-row insert tx/s", reference.CommitsPerSecond, raw.PgbenchInsertTps);
            Add("Marten events appended/s : raw single-event appends/s", reference.EventsAppendedPerSecond, raw.MartenAppendsPerSecond);
            Add("RabbitMQ messages published/s : raw publish-with-confirm/s", reference.MessagesPublishedPerSecond, raw.RabbitPublishConfirmedPerSecond);
            Add("RabbitMQ messages delivered/s : raw consume/s", reference.MessagesDeliveredPerSecond, raw.RabbitConsumePerSecond);
            if (totals.CommitsPerLifecycle > 0)
                bounds.Add($"commits: {totals.NetCommitsPerLifecycle:0.0} per lifecycle (idle ones left out); pgbench {raw.PgbenchInsertTps:0} tx/s -> at most {raw.PgbenchInsertTps / Math.Max(0.1, totals.NetCommitsPerLifecycle):0} lifecycles/s if commits were all that mattered");
            if (totals.EventsPerLifecycle > 0)
                bounds.Add($"events: {totals.EventsPerLifecycle:0.0} appended per lifecycle; raw Marten {raw.MartenAppendsPerSecond:0}/s -> at most {raw.MartenAppendsPerSecond / totals.EventsPerLifecycle:0} lifecycles/s");
            if (totals.MessagesPublishedPerLifecycle > 0)
                bounds.Add($"messages: {totals.MessagesPublishedPerLifecycle:0.0} published per lifecycle; raw publish-with-confirm {raw.RabbitPublishConfirmedPerSecond:0}/s -> at most {raw.RabbitPublishConfirmedPerSecond / totals.MessagesPublishedPerLifecycle:0} lifecycles/s; " +
                           $"{totals.MessagesDeliveredPerLifecycle:0.0} delivered; raw consume {raw.RabbitConsumePerSecond:0}/s -> at most {raw.RabbitConsumePerSecond / Math.Max(0.1, totals.MessagesDeliveredPerLifecycle):0} lifecycles/s");
        }
        {
            var systemCpu = totals.CpuMsPerLifecycle.Where(c => c.Key != "bench (load)").Sum(c => c.Value);
            var allCpu = totals.CpuMsPerLifecycle.Sum(c => c.Value);
            if (systemCpu > 0)
                bounds.Add($"CPU: {systemCpu:0} ms per lifecycle in the system ({allCpu:0} ms with the load generator; " +
                           string.Join(", ", totals.CpuMsPerLifecycle.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value:0}")) +
                           $") -> {Environment.ProcessorCount} cores allow at most {Environment.ProcessorCount * 1000 / allCpu:0} lifecycles/s with nothing else running");
        }
        return new Report(options.Label, DateTimeOffset.UtcNow, loadAtStart, LoadAverageNow(), Environment.ProcessorCount, options, raw, steps, totals,
            sustained?.Offered, sustained?.ClosedPerSecond ?? 0, reference, ratios, new(sampler.PeakMemoryMb), sampler.CpuSecondsSoFar(),
            unfinished, rejected, events, elapsed.TotalSeconds, check, bounds);
    }

    public static void Print(Report report)
    {
        Console.WriteLine();
        Console.WriteLine("final figures (latencies include everything that finished during the drain):");
        Console.WriteLine(RowHeader);
        foreach (var s in report.Steps) Console.WriteLine(Row(s));
        Console.WriteLine();
        Console.WriteLine(report.SustainedOffered is { } offered
            ? $"sustained: {offered} lifecycles/s offered, {report.SustainedLifecyclesPerSecond:0.0}/s closed, intake p99 <= {report.Options.SlaP99Ms} ms, backlog flat"
            : "sustained: no step met intake p99 and a flat backlog");
        if (report.Reference is { } r)
        {
            Console.WriteLine($"at {r.Offered}/s: intake p50 {r.Intake.P50:0.0} / p99 {r.Intake.P99:0.0} / p99.9 {r.Intake.P999:0.0} ms (uncorrected p99 {r.IntakeUncorrected.P99:0.0}); " +
                              $"receipt -> OrderDispatched p50 {r.ReceiptToDispatched.P50:0} / p99 {r.ReceiptToDispatched.P99:0} ms; " +
                              $"completion -> CallbackScheduled p50 {r.CompletionToCallbackScheduled.P50:0} / p99 {r.CompletionToCallbackScheduled.P99:0} ms; " +
                              $"whole lifecycle p50 {r.Lifecycle.P50:0} / p99 {r.Lifecycle.P99:0} ms");
            Console.WriteLine("steps' latencies at that load (ms p50/p99): " + string.Join(", ", r.Steps.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value.P50:0}/{s.Value.P99:0}")));
        }
        var t = report.Totals;
        Console.WriteLine($"per lifecycle over the whole run ({t.Lifecycles} taken in, {t.Closed} closed): {t.CommitsPerLifecycle:0.0} PostgreSQL commits " +
                          $"({t.NetCommitsPerLifecycle:0.0} without the idle {t.IdleCommitsPerSecond:0}/s), {t.EventsPerLifecycle:0.0} Marten events, " +
                          $"RabbitMQ {t.MessagesPublishedPerLifecycle:0.0} published + {t.MessagesDeliveredPerLifecycle:0.0} delivered (the benchmark's own tap excluded)");
        Console.WriteLine("rows written per lifecycle, busiest tables: " + string.Join(", ", t.TableWritesPerLifecycle.Select(w => $"{w.Key} {w.Value:0.0}")));
        if (report.Raw is { } raw)
            Console.WriteLine($"raw limits at concurrency {raw.Concurrency}: pgbench {raw.PgbenchInsertTps:0} tx/s, Marten {raw.MartenAppendsPerSecond:0} appends/s, " +
                              $"RabbitMQ publish+confirm {raw.RabbitPublishConfirmedPerSecond:0}/s, consume {raw.RabbitConsumePerSecond:0}/s");
        foreach (var ratio in report.Ratios) Console.WriteLine($"  {ratio.Figure}: {ratio.System:0} / {ratio.Limit:0} = {ratio.Share:P1}");
        foreach (var bound in report.Bounds) Console.WriteLine("  bound " + bound);
        Console.WriteLine("process    CPU s (whole run)   peak memory MB");
        foreach (var (name, mb) in report.PeakMemoryMb.OrderBy(p => p.Key))
            Console.WriteLine($"  {name,-14} {report.CpuSecondsTotal.GetValueOrDefault(name),10:0.0} {mb,14:0}");
        Console.WriteLine(report.Unfinished.Count == 0 && report.RejectedOrders == 0
            ? "every lifecycle closed"
            : $"NOT closed after the drain: {string.Join(", ", report.Unfinished.Select(u => $"{u.Key} {u.Value}"))}; orders refused at intake: {report.RejectedOrders}");
        Console.WriteLine($"check: {(report.Check.Ran ? $"exit {report.Check.ExitCode}: " : "")}{report.Check.Verdict}");
        Console.WriteLine($"load average {report.LoadAverageAtStart} at the start, {report.LoadAverageAtEnd} at the end ({report.Cores} cores shared with whatever else runs)");
    }

    public static async Task<(string Json, string Png)> WriteAsync(Report report, ProcessSampler sampler, LifecycleOptions options)
    {
        Directory.CreateDirectory(options.OutDirectory);
        var name = $"lifecycle-{report.At:yyyyMMdd-HHmmss}{(options.Label == "" ? "" : "-" + options.Label)}";
        var json = Path.Combine(options.OutDirectory, name + ".json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { report, resources = sampler.Samples },
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        var png = Path.Combine(options.OutDirectory, name + ".png");
        LifecycleChart.Save(report, sampler.Samples, png);
        return (json, png);
    }

    private static string LoadAverageNow() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static double Slope(List<(double X, double Y)> points)
    {
        if (points.Count < 3) return 0;
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        return sxx == 0 ? 0 : points.Sum(p => (p.X - mx) * (p.Y - my)) / sxx;
    }
}
