using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Complaint.Tests;

/// <summary>24 h contact, 5 d complaint reply and 10 d report reply: each breaches exactly once when missed, never when met.</summary>
public sealed class When_a_deadline_passes : IClassFixture<ComplaintFixture>
{
    private readonly ComplaintFixture _rig;

    public When_a_deadline_passes(ComplaintFixture rig) => _rig = rig;

    private static async Task<SlaBreached> BreachOf(TestWebHost subscriber, Guid orderId, string deadline) =>
        await Eventually.Get(() => Task.FromResult(subscriber.Events().Of<SlaBreached>(orderId).FirstOrDefault(b => b.Deadline == deadline)),
            $"the {deadline} breach of {orderId}");

    [Fact]
    public async Task A_missed_contact_breaches_once_and_a_kept_one_never()
    {
        var (clock, subscriber, service) = (_rig.Clock, _rig.Subscriber, _rig.Service);
        var missed = ComplaintRig.Order(receivedAt: clock.GetUtcNow());
        var kept = ComplaintRig.Order(receivedAt: clock.GetUtcNow());
        await service.Receive(missed);
        await service.Receive(kept);

        clock.Advance(TimeSpan.FromHours(23));
        await service.Contact(kept.OrderId);
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(10));

        var breach = await BreachOf(subscriber, missed.OrderId, "contact");
        Assert.Equal(missed.OccurredAt.AddHours(24), breach.DueAt);
        Assert.Equal(600, breach.LateBySeconds, precision: 0);
        var supervised = await service.CaseWhen(missed.OrderId, c => c.Supervised, "the missed case under supervision");
        Assert.Contains("sla-breach:contact", supervised.SupervisionReasons);
        Assert.True(supervised.Deadline("contact").Breached);
        await Eventually.True(() => subscriber.Events().Of<ComplaintEscalated>(missed.OrderId).Count == 1, "the escalation published");

        // Late contact still meets the deadline, late; it breaches no more.
        var late = await service.Contact(missed.OrderId);
        Assert.False(late.Deadline("contact").OnTime);
        await Eventually.True(() => subscriber.Events().Of<DeadlineMet>(missed.OrderId).Any(m => m.Deadline == "contact" && !m.OnTime),
            "the late contact published");

        var keptCase = await service.Case(kept.OrderId);
        Assert.False(keptCase!.Deadline("contact").Breached);
        Assert.False(keptCase.Supervised);
        Assert.Empty(subscriber.Events().Of<SlaBreached>(kept.OrderId));
        Assert.Single(subscriber.Events().Of<SlaBreached>(missed.OrderId));
    }

    [Fact]
    public async Task A_complaint_reply_breaches_after_five_days_and_a_report_reply_only_after_ten()
    {
        var (clock, subscriber, service) = (_rig.Clock, _rig.Subscriber, _rig.Service);
        var complaint = ComplaintRig.Order(receivedAt: clock.GetUtcNow());
        var report = ComplaintRig.Order(OrderKinds.Report, "misconduct", receivedAt: clock.GetUtcNow());
        var replied = ComplaintRig.Order(receivedAt: clock.GetUtcNow());
        foreach (var order in new[] { complaint, report, replied })
        {
            await service.Receive(order);
            await service.Contact(order.OrderId);
        }
        clock.Advance(TimeSpan.FromDays(4));
        await service.Reply(replied.OrderId);

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var complaintBreach = await BreachOf(subscriber, complaint.OrderId, "reply");
        Assert.Equal(complaint.OccurredAt.AddDays(5), complaintBreach.DueAt);
        // The report's 10 days are not up: it is no more supervised than the complaint replied in time.
        await service.CaseWhen(complaint.OrderId, c => c.Deadline("reply").Breached, "the complaint's reply breach recorded");
        Assert.Empty(subscriber.Events().Of<SlaBreached>(report.OrderId));
        Assert.False((await service.Case(report.OrderId))!.Deadline("reply").Breached);

        clock.Advance(TimeSpan.FromDays(5));
        var reportBreach = await BreachOf(subscriber, report.OrderId, "reply");
        Assert.Equal(report.OccurredAt.AddDays(10), reportBreach.DueAt);

        Assert.Single(subscriber.Events().Of<SlaBreached>(complaint.OrderId));
        Assert.Single(subscriber.Events().Of<SlaBreached>(report.OrderId));
        Assert.Empty(subscriber.Events().Of<SlaBreached>(replied.OrderId));
        Assert.False((await service.Case(replied.OrderId))!.Deadline("reply").Breached);
    }
}
