using System.Diagnostics;
using Npgsql;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>
/// deploy/bench.sh lifecycle: against a running system (deploy/run.sh --detach), measures the machine's raw limits,
/// then offers full order lifecycles through the gateway as an open-loop Poisson arrival process in rising steps
/// until intake latency or the backlog breaks, drains what is open, and reports a console table, a JSON file and a
/// PNG chart (see LifecycleReport). Bounded: at most the given steps, each of fixed length, then a bounded drain.
/// </summary>
public static class LifecycleBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        LifecycleOptions options;
        try { options = LifecycleOptions.Parse(args); }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(LifecycleOptions.Usage);
            return 2;
        }

        using var api = new GatewayApi(options.Gateway);
        try
        {
            await api.SignInAsync("agent", 64);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
        {
            Console.Error.WriteLine($"bench: cannot get development tokens from {options.Gateway}: {ex.Message}; start the system with deploy/run.sh --detach");
            return 1;
        }
        using var counters = new SystemCounters(options.Postgres, options.RabbitMq, options.RabbitManagement);
        var pg = new NpgsqlConnectionStringBuilder(options.Postgres);
        var sampler = new ProcessSampler(LocalProcesses.Groups(options.RunDirectory, pg.Port, options.RabbitMq.Port));
        Console.WriteLine($"lifecycle: gateway {options.Gateway}, database {counters.Database}, vhost {counters.VirtualHost}, " +
                          $"{Environment.ProcessorCount} cores shared by everything (load average {LoadAverage()})");
        Console.WriteLine($"  processes measured: {string.Join(", ", sampler.Groups.Select(g => $"{g.Name} ({string.Join(",", g.Find().Take(3))}{(g.Find().Count > 3 ? ",…" : "")})"))}");

        RawFigures? raw = null;
        if (options.Raw)
        {
            Console.WriteLine($"raw limits ({options.RawLength.TotalSeconds:0} s each, concurrency {options.Concurrency}):");
            raw = await RawLimits.MeasureAsync(options.Postgres, options.RabbitMq, options.Concurrency, options.RawLength);
        }

        var loadAtStart = LoadAverage();
        var driver = new LifecycleDriver(api);
        await using var tap = new EventTap();
        await tap.StartAsync(options.RabbitMq, driver.OnEvent);
        var mix = new OrderMix(options.Seed);
        if (options.Warmup > TimeSpan.Zero)
        {
            // freshly started services compile their code paths on first use: not what a step should measure
            Console.WriteLine($"warm-up: {options.Warmup.TotalSeconds:0} s at {options.Steps[0]} lifecycles/s, not measured");
            await RunArrivals(new StepRecorder(options.Steps[0]), driver, mix, options.Steps[0], options.Warmup);
            var settled = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
            while (driver.Open > 0 && Stopwatch.GetTimestamp() < settled) await Task.Delay(250);
        }
        // idle: what the system commits with no load (pollers, leadership, timers); also lets the management API
        // (it counts every 5 s) take in the raw runs' messages before the first step
        var idleFrom = await counters.ReadAsync();
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(8));
        var atStart = await counters.ReadAsync();
        var idleCommitsPerSecond = (atStart.Commits - idleFrom.Commits) / idleClock.Elapsed.TotalSeconds;
        Console.WriteLine($"idle: {idleCommitsPerSecond:0} PostgreSQL commits/s with no load");
        var writesAtStart = await counters.TableWritesAsync();
        using var stopSampling = new CancellationTokenSource();
        var sampling = sampler.RunAsync(stopSampling.Token);
        var recorders = new List<StepRecorder>();
        var measures = new List<StepMeasure>();
        Console.WriteLine();
        Console.WriteLine($"ramp: steps of {options.StepLength.TotalSeconds:0} s, open-loop Poisson arrivals; a step is sustained when intake p99 <= {options.SlaP99Ms} ms, " +
                          $"nothing failed and the backlog is flat; the ramp stops when p99 > {options.BreakP99Ms} ms, the backlog grows or >1% fail");
        Console.WriteLine(LifecycleReport.RowHeader);
        var runClock = Stopwatch.StartNew();
        foreach (var rate in options.Steps)
        {
            var recorder = new StepRecorder(rate);
            recorders.Add(recorder);
            driver.Current = recorder;
            var measure = await MeasureStepAsync(options, recorder, driver, mix, counters, sampler, tap, rate);
            measures.Add(measure);
            var row = LifecycleReport.Result(recorder, measure, options);
            Console.WriteLine(LifecycleReport.Row(row) + "  (so far)");
            if (row.Broken) break;
        }

        driver.Current = new StepRecorder(0); // closes from now on belong to the drain, not to the last step's rate
        Console.WriteLine($"draining: waiting up to {options.Drain.TotalSeconds:0} s for {driver.Open} open lifecycles to close");
        var drainUntil = Stopwatch.GetTimestamp() + (long)(options.Drain.TotalSeconds * Stopwatch.Frequency);
        while (driver.Open > 0 && Stopwatch.GetTimestamp() < drainUntil) await Task.Delay(500);
        var waitRequests = driver.WaitForRequestsAsync();
        await Task.WhenAny(waitRequests, Task.Delay(TimeSpan.FromSeconds(30)));
        var unfinished = driver.OpenByKind();
        await Task.Delay(TimeSpan.FromSeconds(6)); // the last commits and message counts reach the statistics
        stopSampling.Cancel();
        await sampling;
        var whole = (await counters.ReadAsync()).Minus(atStart);
        var writes = (await counters.TableWritesAsync()).Select(w => (w.Key, Rows: w.Value - writesAtStart.GetValueOrDefault(w.Key))).ToList();
        var totals = RunTotals.Of(whole, recorders, tap.Received, sampler.CpuSecondsSoFar(), idleCommitsPerSecond, runClock.Elapsed.TotalSeconds, writes);

        var results = recorders.Select((r, i) => LifecycleReport.Result(r, measures[i], options)).ToList();
        var check = await CheckVerdict.RunAsync();
        var report = LifecycleReport.Build(options, raw, results, totals, sampler, unfinished, driver.Rejected, tap.Received, runClock.Elapsed, check, loadAtStart);
        LifecycleReport.Print(report);
        var (json, png) = await LifecycleReport.WriteAsync(report, sampler, options);
        Console.WriteLine($"report: {json}");
        Console.WriteLine($"chart:  {png}");
        return unfinished.Count == 0 && driver.Rejected == 0 ? 0 : 1;
    }

    /// <summary>One step: Poisson arrivals at <paramref name="rate"/> for the step's length; counters, CPU and backlog around it.</summary>
    private static async Task<StepMeasure> MeasureStepAsync(LifecycleOptions options, StepRecorder recorder, LifecycleDriver driver,
        OrderMix mix, SystemCounters counters, ProcessSampler sampler, EventTap tap, int rate)
    {
        var before = await counters.ReadAsync();
        var cpuBefore = sampler.CpuSecondsSoFar();
        var tapBefore = Interlocked.Read(ref tap.Received);
        var backlog = new List<(double At, long Depth, int Open)>();
        using var stop = new CancellationTokenSource();
        var stepClock = Stopwatch.StartNew();
        var watching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try { backlog.Add((stepClock.Elapsed.TotalSeconds, await counters.QueueDepthAsync(), driver.Open)); }
                catch (HttpRequestException) { }
                try { await Task.Delay(1000, stop.Token); } catch (OperationCanceledException) { }
            }
        });

        await RunArrivals(recorder, driver, mix, rate, options.StepLength);
        var frequency = (double)Stopwatch.Frequency;
        stop.Cancel();
        await watching;
        // the step's intake answers that are still under way belong to its latency (bounded wait)
        var answeredBy = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (Interlocked.Read(ref recorder.Answered) < Interlocked.Read(ref recorder.Started) && Stopwatch.GetTimestamp() < answeredBy) await Task.Delay(20);

        var after = await counters.ReadAsync();
        var cpuAfter = sampler.CpuSecondsSoFar();
        return new StepMeasure(
            (recorder.EndTicks - recorder.StartTicks) / frequency, after.Minus(before), before.QueueDepth, after.QueueDepth,
            Interlocked.Read(ref tap.Received) - tapBefore,
            cpuAfter.ToDictionary(c => c.Key, c => c.Value - cpuBefore.GetValueOrDefault(c.Key)),
            backlog, driver.Open);
    }

    /// <summary>Open-loop Poisson arrivals at <paramref name="rate"/> for <paramref name="length"/>, recorded in <paramref name="recorder"/>.</summary>
    private static async Task RunArrivals(StepRecorder recorder, LifecycleDriver driver, OrderMix mix, int rate, TimeSpan length)
    {
        driver.Current = recorder;
        var frequency = (double)Stopwatch.Frequency;
        recorder.StartTicks = Stopwatch.GetTimestamp();
        var end = recorder.StartTicks + (long)(length.TotalSeconds * frequency);
        var next = (double)recorder.StartTicks;
        while (true)
        {
            next += mix.NextGap(rate) * frequency;
            if (next >= end) break;
            var wait = (next - Stopwatch.GetTimestamp()) / frequency;
            if (wait > 0.002) await Task.Delay(TimeSpan.FromSeconds(wait - 0.001));
            while (Stopwatch.GetTimestamp() < next) Thread.SpinWait(20);
            driver.Start(mix.Next(), (long)next);   // latency counts from 'next', however late the send
        }
        while (Stopwatch.GetTimestamp() < end) await Task.Delay(5);
        recorder.EndTicks = Stopwatch.GetTimestamp();
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}

/// <summary>The whole run (ramp and drain) per lifecycle taken in: exact, whatever the statistics' delays.</summary>
/// CommitsPerLifecycle counts everything; NetCommitsPerLifecycle leaves out what the idle system commits anyway.
/// TableWritesPerLifecycle: rows written per lifecycle in the busiest tables (where the commits go).</summary>
public sealed record RunTotals(long Lifecycles, long Closed, double CommitsPerLifecycle, double IdleCommitsPerSecond, double NetCommitsPerLifecycle,
    double EventsPerLifecycle, double MessagesPublishedPerLifecycle, double MessagesDeliveredPerLifecycle, Dictionary<string, double> CpuMsPerLifecycle,
    Dictionary<string, double> TableWritesPerLifecycle)
{
    public static RunTotals Of(Counters whole, List<StepRecorder> steps, long tapReceived, Dictionary<string, double> cpuSeconds,
        double idleCommitsPerSecond, double seconds, List<(string Table, long Rows)> writes)
    {
        var started = steps.Sum(s => Interlocked.Read(ref s.Started));
        var n = (double)Math.Max(1, started);
        return new RunTotals(started, steps.Sum(s => Interlocked.Read(ref s.ClosedOwn)), whole.Commits / n, idleCommitsPerSecond,
            Math.Max(0, whole.Commits - idleCommitsPerSecond * seconds) / n, whole.EventsAppended / n,
            whole.Published / n, Math.Max(0, whole.Delivered - tapReceived) / n,
            cpuSeconds.ToDictionary(c => c.Key, c => 1000 * c.Value / n),
            writes.Where(w => w.Rows > 0).OrderByDescending(w => w.Rows).Take(15).ToDictionary(w => w.Table, w => Math.Round(w.Rows / n, 2)));
    }
}

/// <summary>What was measured around one step besides the recorder's latencies.</summary>
public sealed record StepMeasure(
    double Seconds, Counters Delta, long DepthStart, long DepthEnd, long TapReceived,
    Dictionary<string, double> CpuSeconds, List<(double At, long Depth, int Open)> Backlog, int OpenEnd);
