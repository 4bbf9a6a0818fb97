using Marten;
using PowerMicro.Durable.Scheduling;

namespace PowerMicro.Dispatch.Deadlines;

/// <summary>The durable timer of one deadline of one round; sent by the scheduler when due.</summary>
public sealed record DeadlineDue(Guid OrderId, string Deadline, int Round, DateTimeOffset DueAt);

/// <summary>
/// Schedules and cancels deadline timers in the work order's own session: they commit with the deadline's
/// events or not at all, and no request waits on RabbitMQ.
/// </summary>
public sealed class DeadlineTimers(TimeProvider clock)
{
    public const string QueueName = "dispatch-deadlines";
    public static readonly Uri Queue = new($"queue:{QueueName}");

    public Guid Schedule(IDocumentSession session, Guid orderId, string deadline, int round, DateTimeOffset dueAt) =>
        session.ScheduleSend(Queue, dueAt, new DeadlineDue(orderId, deadline, round, dueAt));

    public void Cancel(IDocumentSession session, Guid token) => session.CancelScheduledSend(token, clock.GetUtcNow());
}
