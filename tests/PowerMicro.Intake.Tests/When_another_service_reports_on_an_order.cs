using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Intake.Tests;

public sealed class When_another_service_reports_on_an_order : IClassFixture<IntakeFixture>
{
    private readonly TestWebHost _host;

    public When_another_service_reports_on_an_order(IntakeFixture intake) => _host = intake.Host;

    [Fact]
    public async Task The_timeline_shows_its_events_once_oldest_first_and_the_status_follows()
    {
        using var created = await _host.Post(IntakeHost.Order().ToJsonString());
        var order = (await created.Json()).GetProperty("orderId").GetGuid();
        var bus = _host.Services.GetRequiredService<IBus>();
        var now = DateTimeOffset.UtcNow;

        // Published out of order and one of them twice (a redelivery with the same id).
        var arrivedId = Guid.NewGuid();
        var dispatchedId = Guid.NewGuid();
        await bus.Publish(new CrewArrived(order, now.AddMinutes(30), 2, "dispatch", "crew-urban-1", true, now.AddHours(3)), c => c.MessageId = arrivedId);
        await bus.Publish(new OrderDispatched(order, now.AddMinutes(1), 1, "dispatch", "crew-urban-1", "urban", now.AddMinutes(45), 1), c => c.MessageId = dispatchedId);
        await bus.Publish(new CrewArrived(order, now.AddMinutes(30), 2, "dispatch", "crew-urban-1", true, now.AddHours(3)), c => c.MessageId = arrivedId);

        // Intake has finished with all three deliveries (the view commits before a delivery counts as consumed).
        await _host.Consumed.Await(arrivedId, times: 2);
        await _host.Consumed.Await(dispatchedId);
        using var final = await _host.Client.GetAsync($"/api/orders/{order}");
        var body = await final.Json();

        var timeline = body.GetProperty("timeline").EnumerateArray()
            .Select(t => (Type: t.GetProperty("type").GetString(), Service: t.GetProperty("service").GetString())).ToList();
        Assert.Equal([("OrderReceived", "intake"), ("OrderDispatched", "dispatch"), ("CrewArrived", "dispatch")], timeline);
        Assert.Equal("on-site", body.GetProperty("status").GetString());
        var arrival = body.GetProperty("deadlines").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "arrival");
        Assert.Equal(System.Text.Json.JsonValueKind.String, arrival.GetProperty("metAt").ValueKind);
    }

    [Fact]
    public async Task A_breach_marks_the_deadline_and_the_order_for_supervision_and_closing_ends_it()
    {
        using var created = await _host.Post(IntakeHost.Order("complaint", "billing").ToJsonString());
        var order = (await created.Json()).GetProperty("orderId").GetGuid();
        var bus = _host.Services.GetRequiredService<IBus>();
        var now = DateTimeOffset.UtcNow;

        await bus.Publish(new DeadlineSet(order, now, 1, "complaint", "contact", now.AddHours(24)));
        await bus.Publish(new SlaBreached(order, now.AddHours(25), 2, "complaint", "contact", now.AddHours(24), 3600));
        await bus.Publish(new OrderCompleted(order, now.AddHours(30), 3, "complaint", "complaint", "billing", false, "C", "replied", 1));
        await bus.Publish(new CallbackScheduled(order, now.AddHours(31), 1, "callback", Guid.NewGuid(), now.AddHours(54), false, 1));
        await bus.Publish(new OrderClosed(order, now.AddHours(40), 3, "callback", "callback-done"));

        await Eventually.True(async () =>
        {
            using var response = await _host.Client.GetAsync($"/api/orders/{order}");
            return (await response.Json()).GetProperty("timeline").GetArrayLength() >= 6;
        }, "all five events in the view");
        using var final = await _host.Client.GetAsync($"/api/orders/{order}");
        var body = await final.Json();
        Assert.Equal("closed", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("supervised").GetBoolean());
        Assert.Equal("done", body.GetProperty("callback").GetProperty("status").GetString());
        var contact = body.GetProperty("deadlines").EnumerateArray().Single();
        Assert.True(contact.GetProperty("breached").GetBoolean());
    }

    [Fact]
    public async Task Events_for_an_order_intake_never_took_change_nothing()
    {
        var stranger = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        await _host.Services.GetRequiredService<IBus>().Publish(
            new OrderDispatched(stranger, DateTimeOffset.UtcNow, 1, "dispatch", "crew", "urban", DateTimeOffset.UtcNow.AddMinutes(45), 1),
            c => c.MessageId = messageId);
        await _host.Consumed.Await(messageId);
        using var response = await _host.Client.GetAsync($"/api/orders/{stranger}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
