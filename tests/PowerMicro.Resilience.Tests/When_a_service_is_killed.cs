using System.Diagnostics;
using PowerMicro.Testing;
using Xunit.Abstractions;

namespace PowerMicro.Resilience.Tests;

[Collection(Faults.Name)]
public sealed class When_a_service_is_killed(ITestOutputHelper output)
{
    [Fact]
    public async Task Nothing_accepted_is_lost_and_its_relay_resumes_after_the_restart()
    {
        await using var rig = await FaultRig.StartAsync(output);
        var load = new FaultLoad(rig.Agent);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(TimeSpan.FromMilliseconds(250), stop.Token);
        var figures = new List<string>();

        foreach (var name in new[] { "intake", "dispatch", "complaint", "callback" })
        {
            var before = load.Accepted.Count;
            await Eventually.True(() => load.Accepted.Count >= before + 8, $"orders accepted before {name} is killed", TimeSpan.FromSeconds(180));
            var process = rig.System.Named(name).Single();
            await process.KillAsync();
            var restart = Stopwatch.StartNew();
            process.Start();
            await process.WaitReadyAsync();
            var ready = restart.Elapsed;

            // The relay of the restarted service publishes again: an order taken now reaches its service.
            var kind = name == "complaint" ? "complaint" : "repair";
            var probe = await Orders.TakeUntilAcceptedAsync(rig.Agent, kind, kind == "complaint" ? "service-attitude" : "no-power", TimeSpan.FromSeconds(180));
            var relayed = Stopwatch.StartNew();
            await Eventually.True(() => rig.ReachedItsServiceAsync(probe, kind),
                $"the order taken after {name} restarted to reach its service", TimeSpan.FromSeconds(180));
            figures.Add($"{name}: ready {ready.TotalSeconds:0.0} s after SIGKILL and restart, a new order in its service {relayed.Elapsed.TotalSeconds:0.0} s later");
        }
        stop.Cancel();
        await running;

        var reached = await rig.AllReachedTheirServiceAsync(load.Accepted, TimeSpan.FromMinutes(3));
        output.WriteLine(string.Join("\n", figures));
        output.WriteLine($"sent {load.Sent}, accepted {load.Accepted.Count}, refused {load.Refused.Count}; all accepted in their service {reached.TotalSeconds:0.0} s after the load stopped");
        await rig.NoMessageInAnErrorQueueAsync();
    }
}
