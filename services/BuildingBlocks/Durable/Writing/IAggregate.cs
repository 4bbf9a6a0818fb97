namespace PowerMicro.Durable.Writing;

/// <summary>
/// An event-sourced aggregate: an immutable state folded from its stream by a pure <see cref="Evolve"/>
/// (null before the stream's first event). Its commands are decided by pure functions of the shape
/// <c>Decide(command, state, now) → Decision</c>, and <see cref="AggregateWriter"/> writes what they decide.
/// </summary>
public interface IAggregate<TState> where TState : class, IAggregate<TState>
{
    /// <summary>The state after <paramref name="event"/>; events that are not this aggregate's leave it as it is.</summary>
    static abstract TState? Evolve(TState? state, object @event);

    /// <summary>Folds <paramref name="events"/> onto <paramref name="state"/>.</summary>
    static TState? Fold(TState? state, IEnumerable<object> events)
    {
        foreach (var e in events) state = TState.Evolve(state, e);
        return state;
    }
}
