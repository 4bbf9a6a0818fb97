using System.Security.Cryptography;
using System.Text;

namespace PowerMicro.Durable.Deadlines;

/// <summary>What a deadline's timer finds when it fires.</summary>
public enum DeadlineVerdict
{
    /// <summary>Its step is still not done: record the breach (once).</summary>
    Breach,
    /// <summary>Not due yet by this service's clock: the timer is scheduled again for the due time.</summary>
    NotYet,
    /// <summary>Met, breached already, replaced (another due time) or unknown: nothing to do.</summary>
    Nothing,
}

/// <summary>
/// The rules every deadline follows, in every service (pure):
/// a deadline is started with a timer; when its step is done it is kept (on time or late) and its timer
/// cancelled; a step done late whose breach was not yet recorded records it first; a timer that fires records
/// the breach only if the deadline still runs, is not breached and has the timer's due time. So a breach is
/// recorded exactly once, and never for a promise kept or an order closed before it was due.
/// </summary>
public static class DeadlineRules
{
    /// <summary>
    /// The timer token of a deadline: derived from the stream, name and round, so deciding stays pure and a
    /// decision decided again after a conflict schedules the same timer.
    /// </summary>
    public static Guid Token(Guid streamId, string name, int round)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"powermicro.deadline:{streamId:N}:{name}:{round}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8 (custom), RFC 9562
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>The running (not met) deadline <paramref name="name"/> of <paramref name="round"/>, if any.</summary>
    public static DeadlineState? Running(IEnumerable<DeadlineState> deadlines, string name, int round) =>
        deadlines.LastOrDefault(d => d.Name == name && d.Round == round && d.Running);

    public static DeadlineState? Find(IEnumerable<DeadlineState> deadlines, string name, int round) =>
        deadlines.LastOrDefault(d => d.Name == name && d.Round == round);

    public static DeadlineVerdict Judge(DeadlineState? deadline, DeadlineDue due, DateTimeOffset now) =>
        deadline is null || !deadline.Running || deadline.Breached || deadline.DueAt != due.DueAt ? DeadlineVerdict.Nothing
        : now < deadline.DueAt ? DeadlineVerdict.NotYet
        : DeadlineVerdict.Breach;

    /// <summary>Seconds past the due time at <paramref name="now"/> (0 when not late).</summary>
    public static double LateBy(DeadlineState deadline, DateTimeOffset now) => Math.Max(0, (now - deadline.DueAt).TotalSeconds);

    public static bool OnTime(DeadlineState deadline, DateTimeOffset now) => now <= deadline.DueAt;

    /// <summary>A step done late finds its breach not yet recorded (the timer has not fired yet): record it now.</summary>
    public static bool BreachOnKeep(DeadlineState deadline, DateTimeOffset now) => !OnTime(deadline, now) && !deadline.Breached;

    /// <summary>The timer to cancel when the deadline is kept: none once it fired (breached).</summary>
    public static DeadlineTimer? CancelOnKeep(DeadlineState deadline) =>
        deadline.Breached ? null : new DeadlineTimer.Cancel(deadline.TokenId);

    // The fold, for the aggregates' Evolve.

    public static IReadOnlyList<DeadlineState> Started(IReadOnlyList<DeadlineState> deadlines, string name, int round, DateTimeOffset dueAt, Guid token) =>
        [.. deadlines, new DeadlineState(name, round, dueAt, token)];

    public static IReadOnlyList<DeadlineState> Kept(IReadOnlyList<DeadlineState> deadlines, string name, int round, bool onTime, DateTimeOffset at) =>
        Replace(deadlines, name, round, d => d with { MetAt = at, OnTime = onTime });

    public static IReadOnlyList<DeadlineState> Missed(IReadOnlyList<DeadlineState> deadlines, string name, int round, double lateBySeconds, DateTimeOffset at) =>
        Replace(deadlines, name, round, d => d with { BreachedAt = at, LateBySeconds = lateBySeconds });

    private static IReadOnlyList<DeadlineState> Replace(IReadOnlyList<DeadlineState> deadlines, string name, int round, Func<DeadlineState, DeadlineState> change)
    {
        var index = -1;
        for (var i = 0; i < deadlines.Count; i++)
            if (deadlines[i].Name == name && deadlines[i].Round == round) index = i;
        if (index < 0) return deadlines;
        var changed = deadlines.ToList();
        changed[index] = change(changed[index]);
        return changed;
    }
}
