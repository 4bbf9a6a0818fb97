using System.Net;
using PowerMicro.Testing;
using Xunit.Abstractions;

namespace PowerMicro.Resilience.Tests;

[Collection(Faults.Name)]
public sealed class When_postgres_is_down_with_messages_in_flight(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_accepted_order_reaches_its_service_after_it_returns_and_refusals_say_503()
    {
        await using var rig = await FaultRig.StartAsync(output);
        var load = new FaultLoad(rig.Agent);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(TimeSpan.FromMilliseconds(200), stop.Token);

        await Eventually.True(() => load.Accepted.Count >= 20, "orders accepted before the outage", TimeSpan.FromSeconds(180));
        await rig.Servers.StopPostgresAsync();
        var acceptedBefore = load.Accepted.Count;
        await Task.Delay(FaultRig.Outage); // the outage itself, with orders still coming in
        await rig.Servers.StartPostgresAsync();
        var back = DateTime.UtcNow;
        await Eventually.True(() => load.Accepted.Count >= acceptedBefore + 10, "orders accepted again after the outage", TimeSpan.FromSeconds(180));
        var recovered = DateTime.UtcNow - back;
        stop.Cancel();
        await running;

        var reached = await rig.AllReachedTheirServiceAsync(load.Accepted, TimeSpan.FromMinutes(4));
        output.WriteLine($"outage {FaultRig.Outage.TotalSeconds:0} s: sent {load.Sent}, accepted {load.Accepted.Count}, refused {load.Refused.Count} " +
                         $"({string.Join(", ", load.Refused.GroupBy(s => s).Select(g => $"{(int)g.Key}×{g.Count()}"))}), slowest answer {load.Slowest.TotalSeconds:0.0} s, " +
                         $"accepting again {recovered.TotalSeconds:0.0} s after PostgreSQL returned, all accepted in their service {reached.TotalSeconds:0.0} s later");

        Assert.NotEmpty(load.Refused);
        Assert.All(load.Refused, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.Equal(0, load.RefusedWithoutRetryAfter);
        await rig.NoMessageInAnErrorQueueAsync();
    }
}
