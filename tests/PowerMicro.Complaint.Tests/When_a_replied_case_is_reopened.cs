using Marten;
using MassTransit;
using PowerMicro.Durable.Inbox;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Complaint.Tests;

/// <summary>An unsatisfied callback reopens the case: back to handling with a new reply deadline, completed again in round 2.</summary>
public sealed class When_a_replied_case_is_reopened : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_a_replied_case_is_reopened(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    [Fact]
    public async Task It_returns_to_handling_with_a_new_reply_deadline_and_completes_as_round_two()
    {
        var clock = ComplaintRig.NewClock();
        await using var subscriber = await ComplaintRig.StartSubscriber(_infrastructure);
        await using var service = await ComplaintRig.StartService(_infrastructure, clock);
        var order = ComplaintRig.Order(tier: "A", receivedAt: clock.GetUtcNow());
        await service.Receive(order);
        await service.Contact(order.OrderId);
        await service.Reply(order.OrderId);

        clock.Advance(TimeSpan.FromDays(2));
        var reopenedAt = clock.GetUtcNow();
        var bus = service.Services.GetRequiredService<IBus>();
        var reopen = new OrderReopened(order.OrderId, reopenedAt, 9, "callback", OrderKinds.Complaint, order.Subtype, "unsatisfied", 2);
        await bus.Publish(reopen);
        var reopened = await service.CaseWhen(order.OrderId, c => c.Status == "reopened", "the case reopened");
        Assert.Equal(2, reopened.Round);
        Assert.Equal(reopenedAt.AddDays(5), reopened.Deadline("reply", 2).DueAt);
        Assert.Equal(reopenedAt.AddDays(5), reopened.NextDueAt);
        Assert.Null(reopened.RepliedAt);

        // Another copy of the reopening (a new message id), whether it comes before or after the second
        // reply, changes nothing.
        var copy = Guid.NewGuid();
        await bus.Publish(reopen, c => c.MessageId = copy);
        clock.Advance(TimeSpan.FromHours(1));
        var again = await service.Reply(order.OrderId, "The engineer returned and fixed it.");
        await Eventually.True(async () =>
        {
            await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await session.LoadAsync<HandledMessage>($"OrderReopenedConsumer:{copy:N}") is not null;
        }, "the copy handled");
        Assert.Equal(("replied", 2), ((await service.Case(order.OrderId))!.Status, (await service.Case(order.OrderId))!.Round));

        Assert.Equal(("replied", 2), (again.Status, again.Round));
        Assert.Single(again.Deadlines, d => d.Round == 2);
        var completions = await Eventually.Get(() => Task.FromResult(
            subscriber.Events().Of<OrderCompleted>(order.OrderId) is { Count: 2 } c ? c : null), "two completions");
        Assert.Equal([1, 2], completions.Select(c => c.Round).Order());
        Assert.Equal(2, subscriber.Events().Of<DeadlineSet>(order.OrderId).Count(d => d.Deadline == "reply"));

        // Other kinds are not this service's: a reopened repair opens nothing.
        var repair = Guid.NewGuid();
        await bus.Publish(new OrderReopened(repair, reopenedAt, 5, "callback", OrderKinds.Repair, "no-power", "unsatisfied", 2));
        Assert.Null(await service.Case(repair));
    }
}
