using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PowerMicro.Complaint.Deadlines;
using PowerMicro.Complaint.Repeats;
using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;
using PowerMicro.Durable.Inbox;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Scheduling;
using PowerMicro.ServiceDefaults.Privacy;
using PowerMicro.Durable.Resilience;

namespace PowerMicro.Complaint.Cases;

/// <summary>
/// Opens a case for every complaint or report taken in: the contact and reply deadlines on the durable
/// scheduler, and for complaints the repeat rule. Other kinds are not this service's business.
/// Idempotent: the inbox and the case stream (a second OrderReceived for an order changes nothing).
/// </summary>
public sealed class OrderReceivedConsumer(
    IDocumentStore store, TimeProvider clock, IOptions<DeadlineOptions> deadlines,
    IOptions<RepeatOptions> repeats, ContactSeal seal, ILogger<OrderReceivedConsumer> logger) : IConsumer<OrderReceived>
{
    public async Task Consume(ConsumeContext<OrderReceived> context)
    {
        var order = context.Message;
        if (!OrderCatalog.HandledBy(order.Kind, Handling.Complaint)) return;
        var now = clock.GetUtcNow();

        await using var session = await store.OpenTracedSessionAsync(context.CancellationToken);
        if (!await session.TryBeginHandling(nameof(OrderReceivedConsumer), context.MessageId, now, context.CancellationToken)) return;
        var stream = await session.Events.FetchForWriting<ComplaintCase>(order.OrderId, context.CancellationToken);
        if (stream.Aggregate is not null)
        {
            logger.LogInformation("Case {OrderId} is open already", order.OrderId);
            await session.SaveChangesAsync(context.CancellationToken);
            return;
        }

        var receivedAt = order.OccurredAt;
        var verdict = new RepeatVerdict(false, 1, false);
        if (OrderCatalog.Kind(order.Kind).RepeatRule)
        {
            var matterId = ComplaintMatter.IdOf(order.Customer.AccountNo, order.Subtype);
            var matter = await session.LoadAsync<ComplaintMatter>(matterId, context.CancellationToken);
            var isNew = matter is null;
            matter ??= new ComplaintMatter { Id = matterId };
            verdict = matter.Assess(receivedAt, repeats.Value);
            matter.Add(order.OrderId, receivedAt);
            // A concurrent first complaint on the matter fails the insert, a concurrent later one the
            // version check: MassTransit retries the message on fresh state, so each is counted.
            if (isNew) session.Insert(matter);
            else session.Store(matter);
        }

        var events = new List<object>
        {
            new CaseOpened(order.OrderId, order.Number, order.Kind, order.Subtype, order.Customer.AccountNo,
                seal.Open(order.SealedContact)?.Name ?? order.Customer.Name, order.Customer.Tier, order.Channel, order.Description, receivedAt,
                verdict.Repeat, verdict.MatterCount, now),
            DeadlineTimers.Start(session, order.OrderId, DeadlineNames.Contact, 1, receivedAt + deadlines.Value.Contact, now),
            DeadlineTimers.Start(session, order.OrderId, DeadlineNames.Reply, 1, receivedAt + deadlines.Value.ReplyFor(order.Kind), now),
        };
        if (verdict.Escalate) events.Add(new CaseEscalated("repeat", now));
        stream.AppendMany(events);
        await session.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Case {OrderId} opened ({Kind}/{Subtype}, repeat {Repeat}, n {MatterCount})",
            order.OrderId, order.Kind, order.Subtype, verdict.Repeat, verdict.MatterCount);
    }
}

/// <summary>
/// An unsatisfied callback reopened a complaint or report: a replied case goes back to handling with a
/// new reply deadline (from the reopening) and the next round. A case already in handling, or a reopening
/// older than the latest reply (a stale copy), is left alone: the message's own Round is not relied on.
/// </summary>
public sealed class OrderReopenedConsumer(
    IDocumentStore store, TimeProvider clock, IOptions<DeadlineOptions> deadlines,
    ILogger<OrderReopenedConsumer> logger)
    : IConsumer<OrderReopened>
{
    public async Task Consume(ConsumeContext<OrderReopened> context)
    {
        var reopened = context.Message;
        if (!OrderCatalog.HandledBy(reopened.Kind, Handling.Complaint)) return;
        var now = clock.GetUtcNow();

        await using var session = await store.OpenTracedSessionAsync(context.CancellationToken);
        if (!await session.TryBeginHandling(nameof(OrderReopenedConsumer), context.MessageId, now, context.CancellationToken)) return;
        var stream = await session.Events.FetchForWriting<ComplaintCase>(reopened.OrderId, context.CancellationToken);
        if (stream.Aggregate is not { } current)
        {
            // The case is opened from OrderReceived, which may still be on its way: try again later.
            throw new RetryLaterException($"No complaint case {reopened.OrderId} to reopen yet.");
        }
        if (current.Status != CaseStatus.Replied || reopened.OccurredAt <= current.RepliedAt)
        {
            // In handling already, or a stale copy of a reopening that happened before the latest reply.
            logger.LogInformation("Case {OrderId} is {Status} (replied {RepliedAt}); reopen of {ReopenedAt} ignored",
                reopened.OrderId, current.Status, current.RepliedAt, reopened.OccurredAt);
            await session.SaveChangesAsync(context.CancellationToken);
            return;
        }

        var round = current.Round + 1;
        var from = reopened.OccurredAt;
        stream.AppendMany(
            new CaseReopened(reopened.Reason, round, now),
            DeadlineTimers.Start(session, reopened.OrderId, DeadlineNames.Reply, round, from + deadlines.Value.ReplyFor(current.Kind), now));
        if (OrderCatalog.Kind(current.Kind).RepeatRule)
        {
            var matter = await session.LoadAsync<ComplaintMatter>(ComplaintMatter.IdOf(current.AccountNo, current.Subtype), context.CancellationToken);
            if (matter is not null)
            {
                matter.Closed(current.Id, null);
                session.Store(matter);
            }
        }
        await session.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Case {OrderId} reopened for round {Round}", reopened.OrderId, round);
    }
}
