using PowerMicro.Durable.Writing;

namespace PowerMicro.Durable.Deadlines;

/// <summary>The decisions every aggregate with deadlines takes the same way (see <see cref="DeadlineRules"/>).</summary>
public static class DeadlineDecisions
{
    /// <summary>Starts deadline <paramref name="name"/> of <paramref name="round"/> due at <paramref name="dueAt"/>: its event and its timer.</summary>
    public static Decision Start(Guid streamId, string name, int round, DateTimeOffset dueAt, Func<Guid, object> started)
    {
        var token = DeadlineRules.Token(streamId, name, round);
        return Decision.Accept(started(token)).WithEffect(new DeadlineTimer.Schedule(token, name, round, dueAt));
    }

    /// <summary>
    /// The step of a running deadline was done at <paramref name="now"/>: the breach first when it is late and not yet
    /// recorded, then the kept event (on time or not), and its timer cancelled. No running deadline: nothing.
    /// </summary>
    public static Decision Keep(DeadlineState? running, DateTimeOffset now, Func<DeadlineState, object[]> breach, Func<DeadlineState, bool, object> kept)
    {
        if (running is null) return Decision.Nothing;
        var decision = DeadlineRules.BreachOnKeep(running, now) ? Decision.Accept(breach(running)) : Decision.Nothing;
        decision = decision.With(kept(running, DeadlineRules.OnTime(running, now)));
        return DeadlineRules.CancelOnKeep(running) is { } cancel ? decision.WithEffect(cancel) : decision;
    }

    /// <summary>
    /// A timer fired: the breach events when the deadline still runs unbreached and is due; a timer early by this
    /// service's clock is scheduled again for the due time; anything else (met, breached, replaced): nothing.
    /// </summary>
    public static Decision Fire(DeadlineDue due, DeadlineState? deadline, DateTimeOffset now, Func<DeadlineState, object[]> breach) =>
        DeadlineRules.Judge(deadline, due, now) switch
        {
            DeadlineVerdict.Breach => Decision.Accept(breach(deadline!)),
            DeadlineVerdict.NotYet => Decision.Nothing.WithEffect(new DeadlineTimer.Schedule(deadline!.TokenId, due.Deadline, due.Round, deadline.DueAt)),
            _ => Decision.Nothing,
        };
}
