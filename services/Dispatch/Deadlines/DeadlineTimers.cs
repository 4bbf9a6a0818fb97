using MassTransit;

namespace PowerMicro.Dispatch.Deadlines;

/// <summary>The durable timer of one deadline of one round; sent by the scheduler when due.</summary>
public sealed record DeadlineDue(Guid OrderId, string Deadline, int Round, DateTimeOffset DueAt);

/// <summary>Schedules and cancels deadline timers on the durable scheduler (dispatch-scheduler queue, Marten-backed).</summary>
public sealed class DeadlineTimers(IMessageScheduler scheduler, ILogger<DeadlineTimers> logger)
{
    public const string QueueName = "dispatch-deadlines";
    public static readonly Uri Queue = new($"queue:{QueueName}");

    public async Task<Guid> Schedule(Guid orderId, string deadline, int round, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var scheduled = await scheduler.ScheduleSend(Queue, dueAt.UtcDateTime, new DeadlineDue(orderId, deadline, round, dueAt), cancellationToken);
        return scheduled.TokenId;
    }

    /// <summary>Best effort: a timer that still fires finds its deadline met and does nothing.</summary>
    public async Task Cancel(IEnumerable<Guid> tokens)
    {
        foreach (var token in tokens)
        {
            try
            {
                await scheduler.CancelScheduledSend(Queue, token);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Cancelling deadline timer {TokenId} failed; it will fire and be ignored", token);
            }
        }
    }
}
