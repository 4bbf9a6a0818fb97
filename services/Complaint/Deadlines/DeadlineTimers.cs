using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using PowerMicro.Complaint.Cases;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Scheduling;

namespace PowerMicro.Complaint.Deadlines;

/// <summary>The timer of one deadline, sent by the durable scheduler at DueAt.</summary>
public sealed record DeadlineDue(Guid OrderId, string Deadline, int Round, DateTimeOffset DueAt);

public static class DeadlineTimers
{
    public const string QueueName = "complaint-deadlines";
    public static readonly Uri Queue = new($"queue:{QueueName}");

    /// <summary>Schedules the timer in the case's own session: it commits with the case events or not at all.</summary>
    public static DeadlineStarted Start(IDocumentSession session, Guid orderId, string name, int round,
        DateTimeOffset dueAt, DateTimeOffset now)
    {
        var token = session.ScheduleSend(Queue, dueAt, new DeadlineDue(orderId, name, round, dueAt));
        return new DeadlineStarted(name, round, dueAt, token, now);
    }

    /// <summary>Marks the open deadline met (on time or late) and cancels its timer in the same session.</summary>
    public static void Keep(IDocumentSession session, ComplaintCase current, string name, DateTimeOffset now, List<object> events)
    {
        var deadline = current.OpenDeadline(name);
        if (deadline is null) return;
        events.Add(new DeadlineKept(name, deadline.Round, deadline.DueAt, now <= deadline.DueAt, now));
        if (deadline.BreachedAt is null) session.CancelScheduledSend(deadline.TokenId, now);
    }
}

/// <summary>
/// A deadline's time has come: if the case still waits for that step (same deadline and round, not met,
/// not yet breached), the breach is recorded and the case goes under supervision. A met deadline's timer,
/// a redelivery, or a duplicate timer finds nothing to do; concurrent ones conflict on the stream version
/// and the retry sees the breach already recorded. So each missed deadline breaches exactly once.
/// </summary>
public sealed class DeadlineDueConsumer(IDocumentStore store, TimeProvider clock, ILogger<DeadlineDueConsumer> logger) : IConsumer<DeadlineDue>
{
    public async Task Consume(ConsumeContext<DeadlineDue> context)
    {
        var due = context.Message;
        var now = clock.GetUtcNow();
        await using var session = await store.OpenTracedSessionAsync(context.CancellationToken);
        var stream = await session.Events.FetchForWriting<ComplaintCase>(due.OrderId, context.CancellationToken);
        var deadline = stream.Aggregate?.Deadlines.LastOrDefault(d => d.Name == due.Deadline && d.Round == due.Round);
        if (deadline is null || !deadline.Open || deadline.BreachedAt is not null || deadline.DueAt != due.DueAt)
        {
            logger.LogDebug("Deadline {Deadline} of {OrderId} needs no breach", due.Deadline, due.OrderId);
            return;
        }
        if (now < deadline.DueAt)
        {
            // Not due by this service's clock (should not happen: the scheduler judges by the same clock).
            session.ScheduleSend(DeadlineTimers.Queue, deadline.DueAt, due);
            await session.SaveChangesAsync(context.CancellationToken);
            return;
        }

        stream.AppendMany(
            new DeadlineMissed(due.Deadline, due.Round, deadline.DueAt, (now - deadline.DueAt).TotalSeconds, now),
            new CaseEscalated($"sla-breach:{due.Deadline}", now));
        await session.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Deadline {Deadline} of order {OrderId} breached", due.Deadline, due.OrderId);
    }
}
