using System.Net;
using PowerMicro.Testing;
using Xunit.Abstractions;

namespace PowerMicro.Resilience.Tests;

[Collection(Faults.Name)]
public sealed class When_a_server_is_down_with_messages_in_flight(ITestOutputHelper output)
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("rabbitmq")]
    [InlineData("both")]
    public async Task Every_accepted_order_reaches_its_service_after_it_returns_and_refusals_say_503(string fault)
    {
        await using var rig = await FaultRig.StartAsync(output);
        var load = new FaultLoad(rig.Agent);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(TimeSpan.FromMilliseconds(200), stop.Token);

        await Eventually.True(() => load.Accepted.Count >= 20, "orders accepted before the outage", TimeSpan.FromSeconds(180));
        if (fault is "postgres" or "both") await rig.Servers.StopPostgresAsync();
        if (fault is "rabbitmq" or "both") await rig.Servers.StopRabbitMqAsync();
        var acceptedBefore = load.Accepted.Count;
        await Task.Delay(FaultRig.Outage); // the outage itself, with orders still coming in
        if (fault is "postgres" or "both") await rig.Servers.StartPostgresAsync();
        if (fault is "rabbitmq" or "both") await rig.Servers.StartRabbitMqAsync();
        var back = DateTime.UtcNow;
        var acceptedDuring = load.Accepted.Count - acceptedBefore;
        await Eventually.True(() => load.Accepted.Count >= acceptedBefore + acceptedDuring + 10, "orders accepted after the outage", TimeSpan.FromSeconds(180));
        var recovered = DateTime.UtcNow - back;
        stop.Cancel();
        await running;

        var reached = await rig.AllReachedTheirServiceAsync(load.Accepted, TimeSpan.FromMinutes(4));
        output.WriteLine($"{fault} down {FaultRig.Outage.TotalSeconds:0} s: sent {load.Sent}, accepted {load.Accepted.Count} ({acceptedDuring} during the outage), " +
                         $"refused {load.Refused.Count} ({string.Join(", ", load.Refused.GroupBy(s => s).Select(g => $"{(int)g.Key}×{g.Count()}"))}), " +
                         $"slowest answer {load.Slowest.TotalSeconds:0.0} s, the next 10 accepted {recovered.TotalSeconds:0.0} s after the server returned, " +
                         $"all accepted in their service {reached.TotalSeconds:0.0} s after the load stopped");

        if (fault is "postgres" or "both") Assert.NotEmpty(load.Refused);
        else Assert.True(acceptedDuring > 0, "with the broker down, orders are still taken");
        Assert.All(load.Refused, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.Equal(0, load.RefusedWithoutRetryAfter);
        await rig.NoMessageInAnErrorQueueAsync();
    }
}
