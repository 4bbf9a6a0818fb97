using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Complaint.Tests;

public sealed class When_a_complaint_is_contacted_and_replied : IClassFixture<ComplaintFixture>
{
    private readonly ComplaintFixture _rig;

    public When_a_complaint_is_contacted_and_replied(ComplaintFixture rig) => _rig = rig;

    [Fact]
    public async Task The_case_opens_with_its_deadlines_and_the_reply_publishes_OrderCompleted()
    {
        var (clock, subscriber, service) = (_rig.Clock, _rig.Subscriber, _rig.Service);
        var order = ComplaintRig.Order(subtype: "service-efficiency", tier: "B", receivedAt: clock.GetUtcNow());

        var opened = await service.Receive(order);
        Assert.Equal("received", opened.Status);
        Assert.Equal(order.OccurredAt.AddHours(24), opened.Deadline("contact").DueAt);
        Assert.Equal(order.OccurredAt.AddDays(5), opened.Deadline("reply").DueAt);
        Assert.Equal(opened.Deadline("contact").DueAt, opened.NextDueAt);

        clock.Advance(TimeSpan.FromHours(3));
        var contacted = await service.Contact(order.OrderId);
        Assert.Equal("in-progress", contacted.Status);
        Assert.True(contacted.Deadline("contact").OnTime);
        Assert.Equal(opened.Deadline("reply").DueAt, contacted.NextDueAt);

        clock.Advance(TimeSpan.FromDays(2));
        var replied = await service.Reply(order.OrderId, "The meter was re-read; the bill is corrected.");
        Assert.Equal("replied", replied.Status);
        Assert.Equal(clock.GetUtcNow(), replied.RepliedAt);
        Assert.True(replied.Deadline("reply").OnTime);
        Assert.Null(replied.NextDueAt);

        var completed = await Eventually.Get(() => Task.FromResult(subscriber.Events().Of<OrderCompleted>(order.OrderId).SingleOrDefault()),
            "OrderCompleted");
        Assert.Equal((OrderKinds.Complaint, "service-efficiency", false, "B", "replied", 1, "complaint"),
            (completed.Kind, completed.Subtype, completed.AppointmentService, completed.Tier, completed.Result, completed.Round, completed.Source));
        Assert.Equal(clock.GetUtcNow(), completed.OccurredAt);

        // The order view (intake) follows from these: deadlines set and met, contact, completion, in sequence.
        await Eventually.True(() => subscriber.Events().Of<DeadlineMet>(order.OrderId).Count == 2, "both deadlines met");
        var events = subscriber.Events();
        Assert.Equal(["contact", "reply"], events.Of<DeadlineSet>(order.OrderId).Select(d => d.Deadline).Order());
        Assert.All(events.Of<DeadlineMet>(order.OrderId), m => Assert.True(m.OnTime));
        Assert.Single(events.Of<ComplaintOpened>(order.OrderId));
        Assert.Equal("test-agent", Assert.Single(events.Of<ComplaintContacted>(order.OrderId)).ContactedBy); // the token's subject
        Assert.Empty(events.Of<SlaBreached>(order.OrderId));
        var sequence = events.All.Where(r => r.Message.OrderId == order.OrderId).DistinctBy(r => r.MessageId)
            .Select(r => r.Message.Sequence).Order().ToList();
        Assert.Equal(Enumerable.Range(1, sequence.Count).Select(i => (long)i), sequence);
    }

    [Fact]
    public async Task Replying_before_the_contact_or_twice_is_a_conflict()
    {
        var (clock, service) = (_rig.Clock, _rig.Service);
        var order = ComplaintRig.Order(receivedAt: clock.GetUtcNow());
        await service.Receive(order);

        using (var early = await service.Client.PostAsJsonAsync($"/api/complaints/{order.OrderId}/reply", new { reply = "done" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Equal("application/problem+json", early.Content.Headers.ContentType?.MediaType);
        }
        await service.Contact(order.OrderId);
        using (var again = await service.Client.PostAsync($"/api/complaints/{order.OrderId}/contact", null))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await service.Reply(order.OrderId);
        using (var twice = await service.Client.PostAsJsonAsync($"/api/complaints/{order.OrderId}/reply", new { reply = "again" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.Equal("application/problem+json", twice.Content.Headers.ContentType?.MediaType);
        }
        var final = await service.Case(order.OrderId);
        Assert.Equal("We apologised and retrained the staff.", final!.Reply);
    }

    [Fact]
    public async Task A_verified_theft_report_has_ten_days_and_earns_the_reporter_a_reward()
    {
        var (clock, subscriber, service) = (_rig.Clock, _rig.Subscriber, _rig.Service);
        var verified = ComplaintRig.Order(OrderKinds.Report, "electricity-theft", receivedAt: clock.GetUtcNow());
        var unverified = ComplaintRig.Order(OrderKinds.Report, "electricity-theft", receivedAt: clock.GetUtcNow());

        var opened = await service.Receive(verified);
        await service.Receive(unverified);
        Assert.Equal(verified.OccurredAt.AddDays(10), opened.Deadline("reply").DueAt);
        Assert.Equal(verified.OccurredAt.AddHours(24), opened.Deadline("contact").DueAt);

        await service.Contact(verified.OrderId);
        await service.Contact(unverified.OrderId);
        var rewarded = await service.Reply(verified.OrderId, "Confirmed on site; the line tap was removed.", verified: true);
        var notRewarded = await service.Reply(unverified.OrderId, "Inspected; no tampering found.", verified: false);
        Assert.Equal((true, true), (rewarded.Verified!.Value, rewarded.RewardDue));
        Assert.Equal((false, false), (notRewarded.Verified!.Value, notRewarded.RewardDue));

        var reward = await Eventually.Get(() => Task.FromResult(subscriber.Events().Of<ReporterRewardDue>(verified.OrderId).SingleOrDefault()),
            "the reporter's reward");
        Assert.Equal(verified.Customer.AccountNo, reward.ReporterAccountNo);
        await Eventually.True(() => subscriber.Events().Of<OrderCompleted>(unverified.OrderId).Count == 1, "the unverified report completed");
        Assert.Empty(subscriber.Events().Of<ReporterRewardDue>(unverified.OrderId));
        Assert.Equal(OrderKinds.Report, subscriber.Events().Of<OrderCompleted>(verified.OrderId).Single().Kind);
    }

    [Fact]
    public async Task An_order_delivered_again_opens_one_case_with_one_pair_of_deadlines()
    {
        var (clock, subscriber, service) = (_rig.Clock, _rig.Subscriber, _rig.Service);
        var bus = service.Services.GetRequiredService<IBus>();
        var order = ComplaintRig.Order(receivedAt: clock.GetUtcNow());
        var messageId = Guid.NewGuid();

        await bus.Publish(order, c => c.MessageId = messageId);
        await bus.Publish(order, c => c.MessageId = messageId);
        await bus.Publish(order);
        await service.CaseWhen(order.OrderId, _ => true, "the case");
        // An inquiry is not this service's: no case.
        var inquiry = ComplaintRig.Order(OrderKinds.Inquiry, "bill", receivedAt: clock.GetUtcNow());
        await bus.Publish(inquiry);
        // A later order's events show that the copies before it have been handled.
        var marker = ComplaintRig.Order(receivedAt: clock.GetUtcNow());
        await bus.Publish(marker);
        await Eventually.True(() => subscriber.Events().Of<DeadlineSet>(marker.OrderId).Count == 2, "the marker's deadlines");
        await Eventually.True(() => subscriber.Events().Of<DeadlineSet>(order.OrderId).Count == 2, "the order's deadlines");

        Assert.Single(subscriber.Events().Of<ComplaintOpened>(order.OrderId));
        Assert.Equal(2, subscriber.Events().Of<DeadlineSet>(order.OrderId).Count);
        Assert.Equal(2, (await service.Case(order.OrderId))!.Deadlines.Count);
        Assert.Null(await service.Case(inquiry.OrderId));
    }
}
