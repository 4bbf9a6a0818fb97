using PowerMicro.Check.Running;
using Xunit;

namespace PowerMicro.Testing.Processes;

/// <summary>A checker run against a running system and its report (deploy/check.sh's text).</summary>
public sealed record SystemCheckResult(CheckOptions Options, CheckRun Run, string Report)
{
    /// <summary>No violation anywhere in the system, and nothing of <paramref name="ours"/> (when given) still in flight.</summary>
    public void AssertGreen(IReadOnlySet<Guid>? ours = null)
    {
        Assert.True(Run.Violations.Count == 0, Report);
        if (ours is not null) Assert.DoesNotContain(Run.InFlight, f => f.OrderId is { } id && ours.Contains(id));
    }
}

/// <summary>
/// The invariant checker (deploy/Check, the code behind deploy/check.sh) against a <see cref="RunningSystem"/>, the same
/// way for every rig (end-to-end scenarios, fault tests, the soak): its database, virtual host and a callback instance;
/// repeated while anything it waits for is in flight or violated (a recovering system catches up), for at most the
/// given time; a violation is then confirmed by a second pass.
/// </summary>
public static class SystemCheck
{
    public static CheckOptions OptionsFor(RunningSystem system, TimeSpan? settle = null) => new()
    {
        Postgres = system.Servers.Postgres,
        RabbitManagement = system.Servers.RabbitMqManagement,
        VirtualHost = system.Servers.RabbitMq.AbsolutePath.Trim('/'),
        CallbackService = system.Named("callback")[0].Address,
        Settle = settle ?? TimeSpan.FromSeconds(30),
        ConfirmAfter = TimeSpan.FromMilliseconds(500),
    };

    /// <param name="wait">How long to repeat while something waited for is in flight or violated.</param>
    /// <param name="ours">Wait only for these orders' work in flight (other work of a shared system may go on); null: for all.</param>
    /// <param name="settle">Work younger than this is in flight, not a violation (default 30 s).</param>
    public static async Task<SystemCheckResult> RunAsync(RunningSystem system, TimeSpan wait, IReadOnlySet<Guid>? ours = null, TimeSpan? settle = null)
    {
        var options = OptionsFor(system, settle);
        var until = DateTime.UtcNow + wait;
        CheckRun run;
        while (true)
        {
            run = await Checker.RunAsync(options);
            var waiting = run.Violations.Count > 0 || run.InFlight.Any(f => ours is null || f.OrderId is { } id && ours.Contains(id));
            if (!waiting || DateTime.UtcNow > until) break;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        var report = new StringWriter();
        RunReport.Write(report, options, run);
        return new SystemCheckResult(options, run, report.ToString());
    }
}
