using System.Net;
using System.Net.Http.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Intake.Orders;
using PowerMicro.Testing;

namespace PowerMicro.Intake.Tests;

public sealed class When_a_reopened_order_is_answered_again : IClassFixture<IntakeFixture>
{
    private readonly TestWebHost _host;

    public When_a_reopened_order_is_answered_again(IntakeFixture intake) => _host = intake.Host;

    [Fact]
    public async Task An_appointment_service_called_back_unsatisfied_completes_again_as_the_next_round()
    {
        var body = IntakeHost.Order("business", "new-connection");
        body["appointmentAt"] = DateTimeOffset.UtcNow.AddDays(2).ToString("O");
        using var created = await _host.Post(body.ToJsonString());
        var order = (await created.Json()).GetProperty("orderId").GetGuid();
        using (var first = await _host.Client.PostAsJsonAsync($"/api/orders/{order}/answer", new { answer = "Forwarded to the business office" }))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        await _host.Services.GetRequiredService<IBus>().Publish(
            new OrderReopened(order, DateTimeOffset.UtcNow, 3, "callback", "business", "new-connection", "unsatisfied", 2));

        // Answerable again once the reopening arrived (409 "already answered" until then).
        await Eventually.True(async () =>
        {
            using var again = await _host.Client.PostAsJsonAsync($"/api/orders/{order}/answer", new { answer = "Appointment moved to Monday" });
            return again.StatusCode == HttpStatusCode.OK;
        }, "the reopened order answered again");

        await using var session = _host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var rounds = (await session.Events.FetchStreamAsync(order)).Select(e => e.Data).OfType<CompletedAtIntake>().Select(c => c.Round).ToList();
        Assert.Equal([1, 2], rounds);
        using var third = await _host.Client.PostAsJsonAsync($"/api/orders/{order}/answer", new { answer = "Once more" });
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
    }

    [Fact]
    public async Task A_stale_reopening_of_a_round_already_redone_changes_nothing()
    {
        using var created = await _host.Post(IntakeHost.Order("inquiry", "bill").ToJsonString());
        var order = (await created.Json()).GetProperty("orderId").GetGuid();
        using (var first = await _host.Client.PostAsJsonAsync($"/api/orders/{order}/answer", new { answer = "Your bill is due on the 5th" }))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        // Round 1 is the order's first completion: a reopening naming round 1 is older than it, so nothing to redo.
        var stale = Guid.NewGuid();
        var handled = _host.Services.GetRequiredService<IBus>();
        await handled.Publish(new OrderReopened(order, DateTimeOffset.UtcNow, 3, "callback", "inquiry", "bill", "unsatisfied", 1), c => c.MessageId = stale);
        await Eventually.True(async () =>
        {
            await using var query = _host.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await query.LoadAsync<PowerMicro.Durable.Inbox.HandledMessage>($"{nameof(PowerMicro.Intake.AnswerOrder.ReopenedOrderConsumer)}:{stale:N}") is not null;
        }, "the stale reopening handled");

        using var again = await _host.Client.PostAsJsonAsync($"/api/orders/{order}/answer", new { answer = "Again" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }
}
