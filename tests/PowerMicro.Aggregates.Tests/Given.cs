using PowerMicro.Durable.Writing;

namespace PowerMicro.Aggregates.Tests;

/// <summary>Given events, when a command is decided: the state folded from the events, and what the decision says.</summary>
public static class Given
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public static TState? State<TState>(params object[] events) where TState : class, IAggregate<TState> =>
        IAggregate<TState>.Fold(null, events);

    /// <summary>The events of <paramref name="decision"/> folded onto <paramref name="state"/>.</summary>
    public static TState? After<TState>(TState? state, Decision decision) where TState : class, IAggregate<TState>
    {
        Assert.False(decision.Rejected, decision.Rejection?.Detail);
        return IAggregate<TState>.Fold(state, decision.Events);
    }

    public static T Single<T>(Decision decision) => Assert.Single(decision.Events.OfType<T>());

    public static Rejection Refused(Decision decision, RejectionKind kind)
    {
        Assert.Empty(decision.Events);
        Assert.Empty(decision.Effects);
        var rejection = Assert.IsType<Rejection>(decision.Rejection);
        Assert.Equal(kind, rejection.Kind);
        return rejection;
    }

    public static void Nothing(Decision decision)
    {
        Assert.False(decision.Rejected);
        Assert.Empty(decision.Events);
        Assert.Empty(decision.Effects);
    }

    public static string[] Names(Decision decision) => decision.Events.Select(e => e.GetType().Name).ToArray();
}
