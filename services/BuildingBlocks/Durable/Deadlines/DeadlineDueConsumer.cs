using MassTransit;
using Microsoft.Extensions.Logging;
using PowerMicro.Durable.Writing;

namespace PowerMicro.Durable.Deadlines;

/// <summary>
/// A deadline's timer is due: the owning aggregate decides (through <see cref="AggregateWriter"/>, so a concurrent change
/// of the stream is decided again on fresh state and the breach is recorded once).
/// </summary>
public sealed class DeadlineDueConsumer<TState>(AggregateWriter writer, ILogger<DeadlineDueConsumer<TState>> logger) : IConsumer<DeadlineDue>
    where TState : class, IDeadlineOwner<TState>
{
    public async Task Consume(ConsumeContext<DeadlineDue> context)
    {
        var due = context.Message;
        var result = (await writer.Write<TState, DeadlineDue>(due.OrderId, due, TState.Fire, cancellationToken: context.CancellationToken))
            .ThrowIfChangedConcurrently();
        if (result is WriteResult<TState>.Written { Events.Count: > 0 })
            logger.LogWarning("Deadline {Deadline} (round {Round}) of order {OrderId} was due {DueAt}: breached",
                due.Deadline, due.Round, due.OrderId, due.DueAt);
    }
}
