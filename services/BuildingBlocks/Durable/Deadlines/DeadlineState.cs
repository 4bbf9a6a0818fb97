namespace PowerMicro.Durable.Deadlines;

/// <summary>
/// One deadline of one round as the aggregate's state keeps it: running until its step is met (MetAt) and
/// breached at most once (BreachedAt). TokenId is its durable timer.
/// </summary>
public sealed record DeadlineState(
    string Name, int Round, DateTimeOffset DueAt, Guid TokenId,
    DateTimeOffset? MetAt = null, bool? OnTime = null, DateTimeOffset? BreachedAt = null, double? LateBySeconds = null)
{
    public bool Breached => BreachedAt is not null;

    public bool Running => MetAt is null;
}
