using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Durable.EventStore;
using PowerMicro.Testing;

namespace PowerMicro.Durable.Tests.Relay;

public sealed class When_events_are_relayed_to_rabbitmq : IClassFixture<IsolatedInfrastructure>
{
    private const int Orders = 100;
    private const int EventsPerOrder = 10;
    private readonly IsolatedInfrastructure _infrastructure;

    public When_events_are_relayed_to_rabbitmq(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    private static async Task<Guid[]> AppendReadings(IDocumentStore store)
    {
        var orders = Enumerable.Range(0, Orders).Select(_ => Guid.NewGuid()).ToArray();
        for (var reading = 1; reading <= EventsPerOrder; reading++)
        {
            await using var session = await store.OpenTracedSessionAsync();
            foreach (var order in orders) session.Events.Append(order, new MeterRead(reading));
            await session.SaveChangesAsync();
        }
        return orders;
    }

    private static void AssertEveryEventArrivedInOrder(IEnumerable<ReceivedReading> received, Guid[] orders)
    {
        var mine = received.Where(r => orders.Contains(r.OrderId)).ToList();
        foreach (var order in orders)
        {
            var arrivals = mine.Where(r => r.OrderId == order).ToList();
            Assert.Equal(Enumerable.Range(1, EventsPerOrder).Select(i => (long)i), arrivals.Select(a => a.Sequence).Distinct().Order());
            // Duplicates (after a crash) carry the id of the first delivery, so a subscriber can drop them.
            Assert.All(arrivals.GroupBy(a => a.Sequence), g => Assert.Single(g.Select(a => a.MessageId).Distinct()));
            // First deliveries come in stream order.
            var firsts = arrivals.DistinctBy(a => a.Sequence).Select(a => a.Sequence).ToList();
            Assert.Equal(firsts.Order(), firsts);
        }
    }

    [Fact]
    public async Task A_thousand_events_of_a_hundred_orders_all_arrive_in_order_per_order()
    {
        await using var subscriber = await ReadingHosts.StartSubscriber(_infrastructure);
        await using var relay = await ReadingHosts.StartRelay(_infrastructure);

        var orders = await AppendReadings(relay.Services.GetRequiredService<IDocumentStore>());

        await Eventually.True(() => subscriber.Readings().All.Count(r => orders.Contains(r.OrderId)) >= Orders * EventsPerOrder,
            "1000 relayed events", TimeSpan.FromSeconds(60));
        AssertEveryEventArrivedInOrder(subscriber.Readings().All, orders);
        Assert.Equal(Orders * EventsPerOrder, subscriber.Readings().All.Count(r => orders.Contains(r.OrderId)));
    }

    [Fact]
    public async Task After_the_relay_host_stops_midway_a_new_one_publishes_the_rest_without_gaps()
    {
        await using var subscriber = await ReadingHosts.StartSubscriber(_infrastructure);
        Guid[] orders;
        await using (var first = await ReadingHosts.StartRelay(_infrastructure))
        {
            orders = await AppendReadings(first.Services.GetRequiredService<IDocumentStore>());
            await Eventually.True(() => subscriber.Readings().All.Count(r => orders.Contains(r.OrderId)) >= 100,
                "the first relay to publish some events", TimeSpan.FromSeconds(60));
        }
        var beforeRestart = subscriber.Readings().All.Count(r => orders.Contains(r.OrderId));

        await using var second = await ReadingHosts.StartRelay(_infrastructure);
        await Eventually.True(() => subscriber.Readings().All.Where(r => orders.Contains(r.OrderId))
                .Select(r => (r.OrderId, r.Sequence)).Distinct().Count() >= Orders * EventsPerOrder,
            "the rest after the restart", TimeSpan.FromSeconds(60));
        AssertEveryEventArrivedInOrder(subscriber.Readings().All, orders);
        Assert.True(beforeRestart < Orders * EventsPerOrder, "the relay was stopped before it had published everything");
    }

    [Fact]
    public async Task The_consumer_runs_in_the_trace_of_the_http_request_that_appended_the_event()
    {
        await using var subscriber = await ReadingHosts.StartSubscriber(_infrastructure);
        await using var relay = await ReadingHosts.StartRelay(_infrastructure, app =>
            app.MapPost("/readings/{orderId:guid}", async (Guid orderId, IDocumentStore store) =>
            {
                PowerMicro.ServiceDefaults.Telemetry.PowerMicroActivity.TagOrder(orderId);
                await using var session = await store.OpenTracedSessionAsync();
                session.Events.Append(orderId, new MeterRead(42));
                await session.SaveChangesAsync();
                return Results.Ok(System.Diagnostics.Activity.Current!.TraceId.ToString());
            }));

        var order = Guid.NewGuid();
        using var response = await relay.Client.PostAsync($"/readings/{order}", null);
        response.EnsureSuccessStatusCode();
        var requestTraceId = (await response.Content.ReadAsStringAsync()).Trim('"');

        var received = await Eventually.Get(() => Task.FromResult(subscriber.Readings().All.FirstOrDefault(r => r.OrderId == order)),
            "the relayed event");
        Assert.Equal(requestTraceId, received.TraceId);
        // Every span that handled the order, from the request through the relay to the consumer, carries its id.
        var spans = await Eventually.Get(() => Task.FromResult<IReadOnlyList<System.Diagnostics.Activity>?>(
            subscriber.Spans().InTrace(requestTraceId) is { Count: > 0 } s && s.Any(a => a.Source.Name == "MassTransit" && a.Kind == System.Diagnostics.ActivityKind.Consumer) ? s : null),
            "the subscriber's exported consume span");
        // (The test's own HttpClient span is the caller's, not the service's.)
        Assert.All(spans.Where(a => a.Source.Name != "System.Net.Http"), span => Assert.Equal(order.ToString(), span.GetTagItem(PowerMicro.ServiceDefaults.Telemetry.PowerMicroActivity.OrderIdTag)));
    }
}
