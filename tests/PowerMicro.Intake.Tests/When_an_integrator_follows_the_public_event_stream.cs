using System.Net;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Testing;
using RabbitMQ.Client;

namespace PowerMicro.Intake.Tests;

/// <summary>
/// An integrator with a plain AMQP client (no MassTransit) binds to powermicro.events by routing key before any
/// event was ever published, and receives a repair's whole life as CloudEvents numbered 1..n across services,
/// with no names or phones. The catch-up feed serves the same events in commit order and resumes from its cursor.
/// </summary>
public sealed class When_an_integrator_follows_the_public_event_stream : IClassFixture<IntakeFixture>
{
    private readonly IntakeFixture _intake;

    public When_an_integrator_follows_the_public_event_stream(IntakeFixture intake) => _intake = intake;

    [Fact]
    public async Task A_queue_bound_by_routing_key_receives_the_whole_life_in_sequence_as_cloudevents()
    {
        var factory = new ConnectionFactory { Uri = new Uri(_intake.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        // Passive: fails if intake did not declare the exchange at start-up.
        await channel.ExchangeDeclarePassiveAsync("powermicro.events");
        var repairs = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(repairs, "powermicro.events", "repair.#");
        var breaches = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(breaches, "powermicro.events", "*.sla-breached");

        var order = await TakeRepairAndLiveItAsync();

        var received = new List<(JsonElement Event, IReadOnlyBasicProperties Properties, string RoutingKey)>();
        await Eventually.True(async () =>
        {
            while (await channel.BasicGetAsync(repairs, autoAck: true) is { } delivery)
            {
                var json = JsonDocument.Parse(delivery.Body).RootElement.Clone();
                if (json.GetProperty("subject").GetString() == order.ToString()) received.Add((json, delivery.BasicProperties, delivery.RoutingKey));
            }
            return received.Count >= 6;
        }, "the repair's six events on the integrator's queue");

        Assert.Equal([1, 2, 3, 4, 5, 6], received.Select(r => r.Event.GetProperty("sequence").GetInt32()));
        Assert.Equal(
            ["repair.order-received", "repair.order-dispatched", "repair.sla-breached", "repair.crew-arrived", "repair.order-completed", "repair.callback-scheduled"],
            received.Select(r => r.RoutingKey));
        Assert.Equal(6, received.Select(r => r.Event.GetProperty("id").GetString()).Distinct().Count());
        foreach (var (e, properties, _) in received)
        {
            Assert.Equal("1.0", e.GetProperty("specversion").GetString());
            Assert.StartsWith("cn.powermicro.", e.GetProperty("type").GetString());
            Assert.Equal("repair", e.GetProperty("kind").GetString());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$", e.GetProperty("time").GetString());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", e.GetProperty("data").GetProperty("occurredAt").GetString());
            Assert.Equal(e.GetProperty("id").GetString(), properties.MessageId);
            Assert.StartsWith("application/cloudevents+json", properties.ContentType);
            Assert.Equal(DeliveryModes.Persistent, properties.DeliveryMode);
            var text = e.GetRawText();
            Assert.DoesNotContain("13800000000", text);
            Assert.DoesNotContain("Wang Li", text);
        }
        var first = received[0].Event;
        Assert.Equal("cn.powermicro.order-received.v1", first.GetProperty("type").GetString());
        Assert.Equal("urn:powermicro:intake", first.GetProperty("source").GetString());
        Assert.Equal("urn:powermicro:dispatch", received[1].Event.GetProperty("source").GetString());
        Assert.False(first.GetProperty("data").TryGetProperty("sequence", out _));
        if (first.GetProperty("data").TryGetProperty("customer", out var customer) && customer.TryGetProperty("phone", out var phone))
            Assert.Equal("138****0000", phone.GetString());

        await Eventually.True(async () =>
        {
            while (await channel.BasicGetAsync(breaches, autoAck: true) is { } delivery)
                if (JsonDocument.Parse(delivery.Body).RootElement.GetProperty("subject").GetString() == order.ToString()) return true;
            return false;
        }, "the breach on the queue bound to *.sla-breached");

        using var perOrder = await _intake.Host.Client.GetAsync($"/api/orders/{order}/events");
        var stored = (await perOrder.Json()).EnumerateArray().ToList();
        Assert.Equal(received.Select(r => r.Event.GetProperty("id").GetString()), stored.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal([1, 2, 3, 4, 5, 6], stored.Select(e => e.GetProperty("sequence").GetInt32()));
    }

    [Fact]
    public async Task The_feed_resumes_from_its_cursor_and_filters_by_kind_and_type()
    {
        var firstOrder = await TakeRepairAndLiveItAsync();
        var firstPage = await Eventually.Get(async () =>
        {
            var page = await FeedAsync("after=0&limit=1000");
            return page.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("subject").GetString() == firstOrder.ToString()) == 6
                ? (JsonElement?)page : null;
        }, "the first repair's six events in the feed");
        var cursor = firstPage!.Value.GetProperty("cursor").GetInt64();
        var positions = firstPage.Value.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("position").GetInt64()).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.True(cursor >= positions.Max());

        var secondOrder = await TakeRepairAndLiveItAsync();
        var resumed = await Eventually.Get(async () =>
        {
            var page = await FeedAsync($"after={cursor}&limit=1000");
            return page.GetProperty("events").GetArrayLength() >= 6 ? (JsonElement?)page : null;
        }, "the second repair's events after the cursor");
        var subjects = resumed!.Value.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("subject").GetString()).ToList();
        Assert.DoesNotContain(firstOrder.ToString(), subjects);
        Assert.Equal(6, subjects.Count(s => s == secondOrder.ToString()));

        var small = await FeedAsync("after=0&limit=2");
        Assert.Equal(2, small.GetProperty("events").GetArrayLength());
        Assert.True(small.GetProperty("hasMore").GetBoolean());
        var next = await FeedAsync($"after={small.GetProperty("cursor").GetInt64()}&limit=2");
        Assert.True(next.GetProperty("events")[0].GetProperty("position").GetInt64() > small.GetProperty("cursor").GetInt64());

        var breaches = await FeedAsync("after=0&type=cn.powermicro.sla-breached.v1");
        Assert.All(breaches.GetProperty("events").EnumerateArray(), e => Assert.Equal("cn.powermicro.sla-breached.v1", e.GetProperty("type").GetString()));
        Assert.True(breaches.GetProperty("events").GetArrayLength() >= 2);
        var complaints = await FeedAsync("after=0&kind=complaint");
        Assert.Equal(0, complaints.GetProperty("events").GetArrayLength());
    }

    [Theory]
    [InlineData("after=-1")]
    [InlineData("after=abc")]
    [InlineData("limit=0")]
    [InlineData("limit=100000")]
    [InlineData("kind=meteor")]
    [InlineData("type=cn.powermicro.order-exploded.v1")]
    public async Task Bad_feed_parameters_are_a_validation_problem(string query)
    {
        using var response = await _intake.Host.Client.GetAsync($"/api/events?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_events_of_an_unknown_order_are_not_found()
    {
        using var response = await _intake.Host.Client.GetAsync($"/api/orders/{Guid.NewGuid()}/events");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<JsonElement> FeedAsync(string query)
    {
        using var response = await _intake.Host.Client.GetAsync($"/api/events?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    /// <summary>
    /// Takes a repair in, then plays the other services' events as they publish them: each numbered by its own
    /// service (dispatch 1, 2, 4, 6; callback 1, colliding with intake's 1), one of them delivered twice.
    /// </summary>
    private async Task<Guid> TakeRepairAndLiveItAsync()
    {
        using var created = await _intake.Host.Post(IntakeHost.Order().ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var order = (await created.Json()).GetProperty("orderId").GetGuid();
        var bus = _intake.Host.Services.GetRequiredService<IBus>();
        var now = DateTimeOffset.UtcNow;
        var arrived = Guid.NewGuid();
        // Each event once the one before is recorded: the journal's order is the order intake recorded them in,
        // and a retried message may be overtaken by the next one (see the closing note of 2026-11-30).
        async Task Recorded(int count) => await Eventually.True(async () =>
        {
            using var events = await _intake.Host.Client.GetAsync($"/api/orders/{order}/events");
            return events.IsSuccessStatusCode && (await events.Json()).GetArrayLength() >= count;
        }, $"{count} events of the order in the journal");

        await Recorded(1);
        await bus.Publish(new OrderDispatched(order, now, 1, "dispatch", "crew-urban-1", "urban", now.AddMinutes(45), 1));
        await Recorded(2);
        await bus.Publish(new SlaBreached(order, now.AddMinutes(46), 2, "dispatch", "arrival", now.AddMinutes(45), 60));
        await Recorded(3);
        await bus.Publish(new CrewArrived(order, now.AddMinutes(50), 4, "dispatch", "crew-urban-1", false, now.AddHours(4)), c => c.MessageId = arrived);
        await bus.Publish(new CrewArrived(order, now.AddMinutes(50), 4, "dispatch", "crew-urban-1", false, now.AddHours(4)), c => c.MessageId = arrived);
        await Recorded(4);
        await bus.Publish(new OrderCompleted(order, now.AddHours(2), 6, "dispatch", "repair", "no-power", false, "C", "restored", 1));
        await Recorded(5);
        await bus.Publish(new CallbackScheduled(order, now.AddHours(2), 1, "callback", Guid.NewGuid(), now.AddHours(26), false, 1));
        return order;
    }
}
