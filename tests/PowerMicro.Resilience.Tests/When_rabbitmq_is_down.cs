using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerMicro.Testing;
using Xunit.Abstractions;

namespace PowerMicro.Resilience.Tests;

[Collection(Faults.Name)]
public sealed class When_rabbitmq_is_down(ITestOutputHelper output)
{
    [Fact]
    public async Task Crews_and_agents_are_answered_and_their_events_follow_when_it_returns()
    {
        await using var rig = await FaultRig.StartAsync(output);
        var orderId = await Orders.TakeUntilAcceptedAsync(rig.Agent, "repair", "no-power", TimeSpan.FromSeconds(180));
        var dispatched = await Eventually.Get(async () =>
            await Orders.GetAsync(rig.Supervisor, $"/api/dispatch/work-orders/{orderId}") is { } w && w.GetProperty("status").GetString() == "dispatched" ? w : (JsonElement?)null,
            "the repair dispatched", TimeSpan.FromSeconds(180));
        var crewId = dispatched!.Value.GetProperty("crew").GetString()!;
        using var crew = await rig.System.ClientAsAsync("crew", "fault-crew", crewId);

        await rig.Servers.StopRabbitMqAsync();
        var arrive = await TimedAsync(() => crew.PostAsJsonAsync($"/api/dispatch/work-orders/{orderId}/arrive", new { crew = crewId }));
        var complete = await TimedAsync(() => crew.PostAsJsonAsync($"/api/dispatch/work-orders/{orderId}/complete",
            new { result = "restored", note = "fuse replaced", crew = crewId }));
        await rig.Servers.StartRabbitMqAsync();

        Assert.Equal(HttpStatusCode.OK, arrive.Status);
        Assert.Equal(HttpStatusCode.OK, complete.Status);
        var task = await Eventually.Get(async () =>
            await Orders.GetAsync(rig.Agent, "/api/callbacks?status=open") is { } queue
                ? queue.EnumerateArray().Where(t => t.GetProperty("orderId").GetGuid() == orderId).Select(t => (JsonElement?)t).FirstOrDefault()
                : null,
            "the callback task of the completion made while the broker was down", TimeSpan.FromSeconds(180));

        await rig.Servers.StopRabbitMqAsync();
        var attempt = await TimedAsync(() => rig.Agent.PostAsJsonAsync($"/api/callbacks/{task!.Value.GetProperty("callbackId").GetGuid()}/attempts",
            new { outcome = "satisfied", note = "thanks" }));
        await rig.Servers.StartRabbitMqAsync();
        Assert.Equal(HttpStatusCode.Accepted, attempt.Status);

        var timeline = await Eventually.Get(async () =>
            await Orders.GetAsync(rig.Supervisor, $"/api/orders/{orderId}") is { } order && order.GetProperty("status").GetString() == "closed"
                ? order.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("type").GetString()!).ToList()
                : null,
            "the order closed after the attempt made while the broker was down", TimeSpan.FromSeconds(180));
        output.WriteLine($"broker down: arrive answered {arrive.Status} in {arrive.Took.TotalMilliseconds:0} ms, complete {complete.Status} in " +
                         $"{complete.Took.TotalMilliseconds:0} ms, callback attempt {attempt.Status} in {attempt.Took.TotalMilliseconds:0} ms; timeline: {string.Join(", ", timeline!)}");
        Assert.Contains("CrewArrived", timeline!);
        Assert.Contains("OrderCompleted", timeline!);
        Assert.Contains("CallbackAttempted", timeline!);
        await rig.NoMessageInAnErrorQueueAsync();
        await rig.CheckerIsGreenAsync();
    }

    private static async Task<(HttpStatusCode Status, TimeSpan Took)> TimedAsync(Func<Task<HttpResponseMessage>> request)
    {
        var clock = Stopwatch.StartNew();
        using var response = await request();
        return (response.StatusCode, clock.Elapsed);
    }
}
