using JasperFx.Events;
using Marten.Events.Aggregation;

namespace PowerMicro.Durable.Writing;

/// <summary>
/// Marten's projection of an aggregate with its own Evolve, the fold its writes decide on: register it Inline to keep
/// the state as a queryable document in the write's transaction, or Live to fold it on each load.
/// </summary>
public sealed class AggregateProjection<TState> : SingleStreamProjection<TState, Guid> where TState : class, IAggregate<TState>
{
    public override TState? Evolve(TState? snapshot, Guid id, IEvent e) => TState.Evolve(snapshot, e.Data);
}
