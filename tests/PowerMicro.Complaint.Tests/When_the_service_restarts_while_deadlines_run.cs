using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Durable.Scheduling;
using PowerMicro.Testing;

namespace PowerMicro.Complaint.Tests;

/// <summary>The timers live in PostgreSQL (durable scheduler), the case decides: a restart neither loses nor repeats a breach.</summary>
public sealed class When_the_service_restarts_while_deadlines_run : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_the_service_restarts_while_deadlines_run(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    private static Task TimersStored(TestWebHost service, int atLeast) =>
        Eventually.True(async () =>
        {
            await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await session.Query<ScheduledMessage>().CountAsync() >= atLeast;
        }, $"{atLeast} timers stored");

    [Fact]
    public async Task Each_missed_deadline_breaches_exactly_once_and_met_ones_never()
    {
        var clock = ComplaintRig.NewClock();
        await using var subscriber = await ComplaintRig.StartSubscriber(_infrastructure);
        var missed = ComplaintRig.Order(receivedAt: clock.GetUtcNow());
        var kept = ComplaintRig.Order(OrderKinds.Report, "electricity-theft", receivedAt: clock.GetUtcNow());

        await using (var first = await ComplaintRig.StartService(_infrastructure, clock))
        {
            await first.Receive(missed);
            await first.Receive(kept);
            await first.Contact(kept.OrderId);
            await TimersStored(first, 3);
        }

        // Down while the 24 hours pass.
        clock.Advance(TimeSpan.FromHours(25));
        await using (var second = await ComplaintRig.StartService(_infrastructure, clock))
        {
            var breach = await Eventually.Get(() => Task.FromResult(subscriber.Events().Of<SlaBreached>(missed.OrderId).SingleOrDefault()),
                "the contact breach after the restart");
            Assert.Equal("contact", breach.Deadline);
            await second.CaseWhen(missed.OrderId, c => c.Supervised, "the case under supervision");
            await second.Contact(missed.OrderId);
            await second.Reply(kept.OrderId, "Verified on site.", verified: true);
        }

        // Down again while the 5-day reply passes; the contact breach must not come back.
        clock.Advance(TimeSpan.FromDays(5));
        await using var third = await ComplaintRig.StartService(_infrastructure, clock);
        await Eventually.True(() => subscriber.Events().Of<SlaBreached>(missed.OrderId).Any(b => b.Deadline == "reply"),
            "the reply breach after the second restart");
        clock.Advance(TimeSpan.FromDays(6));
        // A later order whose contact breach shows that the timers have run past the report's 10 days.
        var marker = ComplaintRig.Order(receivedAt: clock.GetUtcNow().AddDays(-2));
        await third.Receive(marker);
        await Eventually.True(() => subscriber.Events().Of<SlaBreached>(marker.OrderId).Count == 1, "the marker's breach");

        var breaches = subscriber.Events().Of<SlaBreached>(missed.OrderId);
        Assert.Equal(["contact", "reply"], breaches.Select(b => b.Deadline).Order());
        Assert.Empty(subscriber.Events().Of<SlaBreached>(kept.OrderId));
        var missedCase = (await third.Case(missed.OrderId))!;
        Assert.Equal(["sla-breach:contact", "sla-breach:reply"], missedCase.SupervisionReasons);
        Assert.False((await third.Case(kept.OrderId))!.Supervised);
    }
}
