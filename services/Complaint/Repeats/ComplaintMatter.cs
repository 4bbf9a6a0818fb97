using Marten.Schema;

namespace PowerMicro.Complaint.Repeats;

/// <summary>The repeat rule (configuration section Complaints:Repeats).</summary>
public sealed class RepeatOptions
{
    public const string Section = "Complaints:Repeats";

    /// <summary>Earlier complaints count when received within this window before the new one (default 90 days).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(90);

    /// <summary>A repeat that is the n-th complaint on its matter, n at least this, is escalated at once (default 3).</summary>
    public int EscalateFrom { get; set; } = 3;
}

public sealed class MatterCase
{
    public Guid OrderId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>What one repeat assessment found.</summary>
public sealed record RepeatVerdict(bool Repeat, int MatterCount, bool Escalate);

/// <summary>
/// All complaints of one customer account about one subtype (the "matter"); written in the same
/// transaction as the case events, with optimistic concurrency so two complaints at once are counted in turn.
/// </summary>
[UseOptimisticConcurrency]
public sealed class ComplaintMatter
{
    /// <summary>"{accountNo}/{subtype}".</summary>
    public string Id { get; set; } = "";
    public List<MatterCase> Cases { get; set; } = [];

    public static string IdOf(string accountNo, string subtype) => $"{accountNo}/{subtype}";

    /// <summary>
    /// Repeat: an earlier complaint on this matter, received within the window, was closed (replied).
    /// MatterCount: 1 + the earlier complaints within the window. Escalate: a repeat with MatterCount at least EscalateFrom.
    /// </summary>
    public RepeatVerdict Assess(DateTimeOffset receivedAt, RepeatOptions rule)
    {
        var earlier = Cases.Where(c => c.ReceivedAt <= receivedAt && c.ReceivedAt > receivedAt - rule.Window).ToList();
        var repeat = earlier.Any(c => c.ClosedAt is not null);
        var count = earlier.Count + 1;
        return new RepeatVerdict(repeat, count, repeat && count >= rule.EscalateFrom);
    }

    public void Add(Guid orderId, DateTimeOffset receivedAt) =>
        Cases.Add(new MatterCase { OrderId = orderId, ReceivedAt = receivedAt });

    public void Closed(Guid orderId, DateTimeOffset? at)
    {
        foreach (var c in Cases.Where(c => c.OrderId == orderId)) c.ClosedAt = at;
    }
}
