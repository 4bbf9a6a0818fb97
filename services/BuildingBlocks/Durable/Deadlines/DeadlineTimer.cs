namespace PowerMicro.Durable.Deadlines;

/// <summary>A timer a decision schedules or cancels with its events (<see cref="DeadlineQueue.TryApply"/>).</summary>
public abstract record DeadlineTimer
{
    public sealed record Schedule(Guid Token, string Deadline, int Round, DateTimeOffset DueAt) : DeadlineTimer;

    public sealed record Cancel(Guid Token) : DeadlineTimer;
}
