using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;
using PowerMicro.Durable.Deadlines;
using PowerMicro.Durable.Writing;

namespace PowerMicro.Complaint.Cases;

/// <summary>The statuses of a case (the order statuses of api-contract.md that apply to complaints).</summary>
public static class CaseStatus
{
    /// <summary>Taken in, the customer not yet contacted.</summary>
    public const string Received = "received";
    /// <summary>Contacted, the reply still due.</summary>
    public const string InProgress = "in-progress";
    /// <summary>Replied: completed for this round.</summary>
    public const string Replied = "replied";
    /// <summary>Back to handling after an unsatisfied callback; the reply is due again.</summary>
    public const string Reopened = "reopened";

    public static readonly string[] All = [Received, InProgress, Replied, Reopened];
}

/// <summary>
/// A complaint or report case: the immutable state of its stream (Evolve), decided on by <see cref="CaseDecisions"/>,
/// and the document Marten keeps inline with it (the queue and the figures query it).
/// </summary>
public sealed record ComplaintCase : IDeadlineOwner<ComplaintCase>
{
    public Guid Id { get; init; }
    public string Number { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Subtype { get; init; } = "";
    public string AccountNo { get; init; } = "";
    public string CustomerName { get; init; } = "";
    public string Tier { get; init; } = "";
    public string Channel { get; init; } = "";
    public string Description { get; init; } = "";
    public string Status { get; init; } = CaseStatus.Received;
    public int Round { get; init; } = 1;
    public DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset? ContactedAt { get; init; }
    public string? ContactedBy { get; init; }
    public DateTimeOffset? RepliedAt { get; init; }
    public string? Reply { get; init; }
    public string? RepliedBy { get; init; }
    public bool? Verified { get; init; }
    public bool RewardDue { get; init; }
    public bool Repeat { get; init; }
    public int MatterCount { get; init; } = 1;
    public bool Supervised { get; init; }
    public IReadOnlyList<string> SupervisionReasons { get; init; } = [];
    public IReadOnlyList<DeadlineState> Deadlines { get; init; } = [];

    /// <summary>Green channel: 0 for tier A customers, 1 for the others (queue order).</summary>
    public int Lane { get; init; } = 1;

    /// <summary>The nearest deadline still waiting for its step (null when none is open).</summary>
    public DateTimeOffset? NextDueAt { get; init; }

    public bool IsTheftReport => OrderCatalog.Subtype(Kind, Subtype)?.RewardWhenVerified == true;

    public DeadlineState? OpenDeadline(string name) => DeadlineRules.Running(Deadlines, name, Round);

    // Explicit: Marten's source generator takes a public method named Evolve for an instance Evolve(event) of its own.
    static ComplaintCase? IAggregate<ComplaintCase>.Evolve(ComplaintCase? state, object @event) => (state, @event) switch
    {
        (_, CaseOpened e) => new ComplaintCase
        {
            Id = e.OrderId, Number = e.Number, Kind = e.Kind, Subtype = e.Subtype, AccountNo = e.AccountNo,
            CustomerName = e.CustomerName, Tier = e.Tier, Lane = e.Tier == "A" ? 0 : 1, Channel = e.Channel,
            Description = e.Description, ReceivedAt = e.ReceivedAt, Repeat = e.Repeat, MatterCount = e.MatterCount,
        },
        (null, _) => null,
        ({ } c, DeadlineStarted e) => c.WithDeadlines(DeadlineRules.Started(c.Deadlines, e.Name, e.Round, e.DueAt, e.TokenId)),
        ({ } c, DeadlineKept e) => c.WithDeadlines(DeadlineRules.Kept(c.Deadlines, e.Name, e.Round, e.OnTime, e.At)),
        ({ } c, DeadlineMissed e) => c with { Deadlines = DeadlineRules.Missed(c.Deadlines, e.Name, e.Round, e.LateBySeconds, e.At) },
        ({ } c, CaseEscalated e) => c with { Supervised = true, SupervisionReasons = [.. c.SupervisionReasons, e.Reason] },
        ({ } c, CustomerContacted e) => c with { Status = CaseStatus.InProgress, ContactedAt = e.At, ContactedBy = e.By },
        ({ } c, CaseReplied e) => c with
            { Status = CaseStatus.Replied, RepliedAt = e.At, Reply = e.Reply, RepliedBy = e.By, Verified = e.Verified },
        ({ } c, Cases.RewardDue) => c with { RewardDue = true },
        ({ } c, CaseReopened e) => c with
            { Status = CaseStatus.Reopened, Round = e.Round, RepliedAt = null, Reply = null, RepliedBy = null },
        ({ } c, _) => c,
    };

    public static Decision Fire(DeadlineDue due, ComplaintCase? state, DateTimeOffset now) => CaseDecisions.Fire(due, state, now);

    private ComplaintCase WithDeadlines(IReadOnlyList<DeadlineState> deadlines) => this with
    {
        Deadlines = deadlines,
        NextDueAt = deadlines.Where(d => d.Running).Select(d => (DateTimeOffset?)d.DueAt).Min(),
    };
}
