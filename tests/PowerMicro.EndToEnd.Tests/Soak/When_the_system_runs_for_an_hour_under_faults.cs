using System.Collections.Concurrent;
using System.Diagnostics;
using PowerMicro.EndToEnd.Tests.Rig;
using PowerMicro.Testing;
using PowerMicro.Testing.Processes;
using Xunit.Abstractions;

namespace PowerMicro.EndToEnd.Tests.Soak;

/// <summary>
/// The long run (deploy/soak.sh; never in CI): two instances of everything on servers of its own, a steady mix of
/// whole lifecycles, and on a schedule a fault: SIGKILL of a service instance and its restart, RabbitMQ stopped
/// 30 s, PostgreSQL stopped 30 s, in turn. At the end every accepted order reached its service and the checker is green.
/// </summary>
public sealed class When_the_system_runs_for_an_hour_under_faults(TwoInstancesOnPrivateServers system, ITestOutputHelper output)
    : IClassFixture<TwoInstancesOnPrivateServers>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, int> _lifecycles = new();
    private Api Api => system.Api;

    [SoakFact]
    public async Task Nothing_accepted_is_lost_and_the_checker_is_green_at_the_end()
    {
        var scenario = new Scenario(system, output, "soak");
        var minutes = SoakSettings.Minutes!.Value;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        var load = RunLoadAsync(scenario, stop.Token);
        var faults = new List<string>();
        var kinds = new[] { "kill", "rabbitmq", "postgres" };
        for (var n = 0; ; n++)
        {
            try { await Task.Delay(TimeSpan.FromMinutes(SoakSettings.FaultEvery), stop.Token); }
            catch (OperationCanceledException) { break; }
            faults.Add(await InjectAsync(kinds[n % kinds.Length], n));
            output.WriteLine(faults[^1]);
        }
        var lifecycles = await load;

        output.WriteLine($"{minutes:0} min at {SoakSettings.Rate:0.##} lifecycles/s, a fault every {SoakSettings.FaultEvery:0.#} min: " +
                         string.Join(", ", _lifecycles.OrderBy(l => l.Key).Select(l => $"{l.Key} {l.Value}")) + $" ({lifecycles} started)");
        var check = await SystemCheck.RunAsync(system.System, wait: TimeSpan.FromMinutes(3));
        output.WriteLine(check.Report);
        check.AssertGreen();
        await scenario.EndAsync();
    }

    /// <summary>Starts a lifecycle every 1/rate s until stopped; returns how many it started once all have ended.</summary>
    private async Task<int> RunLoadAsync(Scenario scenario, CancellationToken stop)
    {
        var running = new List<Task>();
        var interval = TimeSpan.FromSeconds(1 / SoakSettings.Rate);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            running.Add(LifecycleAsync(scenario, n));
            try { await Task.Delay(interval, stop); } catch (OperationCanceledException) { }
        }
        await Task.WhenAll(running);
        return running.Count;
    }

    /// <summary>
    /// One whole life of a mixed kind. A step refused during a fault leaves the order waiting for a person (which the
    /// checker accepts) and counts the lifecycle as interrupted; an order refused at intake was never accepted.
    /// </summary>
    private async Task LifecycleAsync(Scenario scenario, int n)
    {
        var outcome = "completed";
        try
        {
            switch (n % 6)
            {
                case 0 or 3:
                    var repair = await scenario.TakeAsync("repair", n % 2 == 0 ? "no-power" : "partial-outage", n % 3 == 0 ? "rural" : "urban");
                    await Api.RepairAsync(repair);
                    await Api.CallBackAndCloseAsync(repair, n % 12 == 0 ? "unsatisfied" : "satisfied");
                    break;
                case 1:
                    var complaint = await scenario.TakeAsync(n % 4 == 1 ? "complaint" : "report", n % 4 == 1 ? "service-efficiency" : "misconduct");
                    await Api.ContactAsync(complaint);
                    await Api.ReplyAsync(complaint);
                    await Api.CallBackAndCloseAsync(complaint);
                    break;
                case 2 or 4:
                    var inquiry = await scenario.TakeAsync("inquiry", n % 4 == 2 ? "policy" : "bill");
                    await Api.AnswerAsync(inquiry);
                    break;
                default:
                    var business = await scenario.TakeAsync("business", "capacity-increase");
                    await Api.AnswerAsync(business);
                    break;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or TaskCanceledException)
        {
            outcome = "interrupted";
        }
        _lifecycles.AddOrUpdate(outcome, 1, (_, c) => c + 1);
    }

    private async Task<string> InjectAsync(string kind, int n)
    {
        var clock = Stopwatch.StartNew();
        string what;
        switch (kind)
        {
            case "kill":
                var instances = system.System.Processes.Where(p => p.Name != "gateway").ToList();
                var victim = instances[n / 3 % instances.Count];
                await victim.KillAsync();
                victim.Start();
                await victim.WaitReadyAsync(TimeSpan.FromMinutes(5));
                what = $"SIGKILL {victim.Name}, ready again after {clock.Elapsed.TotalSeconds:0.0} s";
                break;
            case "rabbitmq":
                await system.Servers.StopRabbitMqAsync();
                await Task.Delay(Outage); // the outage itself
                await system.Servers.StartRabbitMqAsync();
                what = $"RabbitMQ stopped {Outage.TotalSeconds:0} s";
                break;
            default:
                await system.Servers.StopPostgresAsync();
                await Task.Delay(Outage); // the outage itself
                await system.Servers.StartPostgresAsync();
                what = $"PostgreSQL stopped {Outage.TotalSeconds:0} s";
                break;
        }
        // Recovered when a new repair is accepted and dispatched again.
        var back = Stopwatch.StartNew();
        var probe = await Eventually.Get(async () =>
        {
            try { return (Guid?)await Api.TakeAsync("repair", "no-power"); }
            catch (InvalidOperationException) { return null; }
        }, "a repair accepted after the fault", TimeSpan.FromMinutes(5));
        await Api.DispatchedCrewAsync(probe!.Value);
        return $"{what}; a new repair accepted and dispatched {back.Elapsed.TotalSeconds:0.0} s after the fault ended";
    }
}
