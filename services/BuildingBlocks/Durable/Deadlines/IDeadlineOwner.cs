using PowerMicro.Durable.Writing;

namespace PowerMicro.Durable.Deadlines;

/// <summary>An aggregate whose deadlines fire: what its stream decides when a timer of it is due (usually <see cref="DeadlineDecisions.Fire"/>).</summary>
public interface IDeadlineOwner<TState> : IAggregate<TState> where TState : class, IDeadlineOwner<TState>
{
    static abstract Decision Fire(DeadlineDue due, TState? state, DateTimeOffset now);
}
