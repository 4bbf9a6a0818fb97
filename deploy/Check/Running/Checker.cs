using PowerMicro.Check.Checks;
using PowerMicro.Check.Reading;

namespace PowerMicro.Check.Running;

/// <summary>The outcome of a check run: each check's result, the violations (confirmed by a second pass) and what is in flight.</summary>
public sealed record CheckRun(IReadOnlyList<CheckResult> Results, IReadOnlyList<Finding> Violations, IReadOnlyList<Finding> InFlight)
{
    public int Passes { get; init; } = 1;
    public TimeSpan Took { get; init; }

    public int Checked => Results.Sum(r => r.Checked);
}

/// <summary>
/// Runs every check against the live system. With --wait, repeats while anything is in flight or violated. A violation counts
/// only when a second pass, a moment later, finds it again: a step caught between two of its writes is in flight.
/// </summary>
public static class Checker
{
    public static async Task<CheckRun> RunAsync(CheckOptions options, CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var waitUntil = DateTime.UtcNow + options.Wait;
        var passes = 1;
        var pass = await PassAsync(options, cancellationToken);
        // A system recovering from a fault may still work through what looks like a violation: keep looking until the time is up.
        while ((pass.InFlight.Count > 0 || pass.Violations.Count > 0) && DateTime.UtcNow < waitUntil)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            pass = await PassAsync(options, cancellationToken);
            passes++;
        }
        if (pass.Violations.Count == 0) return pass with { Passes = passes, Took = started.Elapsed };

        await Task.Delay(options.ConfirmAfter, cancellationToken);
        var second = await PassAsync(options, cancellationToken);
        var first = pass.Violations.Select(v => v.Key).ToHashSet();
        var confirmed = second.Violations.Where(v => first.Contains(v.Key)).ToList();
        var unconfirmed = second.Violations.Where(v => !first.Contains(v.Key)).Select(v => v with { Verdict = Verdict.InFlight });
        return second with
        {
            Violations = confirmed, InFlight = second.InFlight.Concat(unconfirmed).ToList(), Passes = passes + 1, Took = started.Elapsed,
        };
    }

    private static async Task<CheckRun> PassAsync(CheckOptions options, CancellationToken cancellationToken)
    {
        var reportBefore = options.CallbackService is { } callback ? await ComplianceReport.ReadAsync(callback, cancellationToken) : default;
        var snapshot = await SystemSnapshot.ReadAsync(options, cancellationToken);
        ComplianceReading? reading = null;
        if (options.CallbackService is { } again)
        {
            var reportAfter = await ComplianceReport.ReadAsync(again, cancellationToken);
            var changed = reportBefore.Lines is null || reportAfter.Lines is null || !reportBefore.Lines.SequenceEqual(reportAfter.Lines);
            reading = new ComplianceReading(reportAfter.Lines, reportAfter.Problem, reportAfter.Lines is not null && changed);
        }

        QueueState? queues = null;
        string? queueProblem = null;
        try
        {
            queues = await ErrorQueues.ReadAsync(options.RabbitManagement, options.VirtualHost, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            queueProblem = $"{options.RabbitManagement.Host}:{options.RabbitManagement.Port} vhost {options.VirtualHost}: {ex.Message}";
        }

        var context = new CheckContext(snapshot, options);
        ICheck[] checks =
        [
            new ReceivedOnce(), new ReachedService(), new TimelineExact(), new CompletionsCalledBack(), new SamplingWindows(),
            new ComplianceMatches(reading), new NoParkedMessages(queues, queueProblem), new NoStuckOrders(), new RelaysCaughtUp(),
        ];
        var results = checks.Select(c => c.Run(context)).ToList();
        var findings = results.SelectMany(r => r.Findings).ToList();
        return new CheckRun(results, findings.Where(f => f.Verdict == Verdict.Violation).ToList(),
            findings.Where(f => f.Verdict == Verdict.InFlight).ToList());
    }
}
