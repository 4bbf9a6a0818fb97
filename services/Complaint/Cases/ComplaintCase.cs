using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;

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

public static class DeadlineNames
{
    public const string Contact = OrderDeadlines.Contact;
    public const string Reply = OrderDeadlines.Reply;
}

public sealed class CaseDeadline
{
    public string Name { get; set; } = "";
    public int Round { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public Guid TokenId { get; set; }
    public DateTimeOffset? MetAt { get; set; }
    public bool? OnTime { get; set; }
    public DateTimeOffset? BreachedAt { get; set; }
    public bool Open => MetAt is null;
}

/// <summary>
/// A complaint or report case, built from its events (Marten inline snapshot, so the queue and the
/// figures query it and writers use FetchForWriting for optimistic concurrency).
/// </summary>
public sealed class ComplaintCase
{
    public Guid Id { get; set; }
    public string Number { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Subtype { get; set; } = "";
    public string AccountNo { get; set; } = "";
    public string CustomerName { get; set; } = "";
    public string Tier { get; set; } = "";
    public string Channel { get; set; } = "";
    public string Description { get; set; } = "";
    public string Status { get; set; } = CaseStatus.Received;
    public int Round { get; set; } = 1;
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? ContactedAt { get; set; }
    public string? ContactedBy { get; set; }
    public DateTimeOffset? RepliedAt { get; set; }
    public string? Reply { get; set; }
    public string? RepliedBy { get; set; }
    public bool? Verified { get; set; }
    public bool RewardDue { get; set; }
    public bool Repeat { get; set; }
    public int MatterCount { get; set; } = 1;
    public bool Supervised { get; set; }
    public List<string> SupervisionReasons { get; set; } = [];
    public List<CaseDeadline> Deadlines { get; set; } = [];

    /// <summary>Green channel: 0 for tier A customers, 1 for the others (queue order).</summary>
    public int Lane { get; set; } = 1;

    /// <summary>The nearest deadline still waiting for its step (null when none is open).</summary>
    public DateTimeOffset? NextDueAt { get; set; }

    public bool IsTheftReport => OrderCatalog.Subtype(Kind, Subtype)?.RewardWhenVerified == true;

    public CaseDeadline? OpenDeadline(string name) => Deadlines.LastOrDefault(d => d.Name == name && d.Round == Round && d.Open);

    public void Apply(CaseOpened e)
    {
        Id = e.OrderId;
        Number = e.Number;
        Kind = e.Kind;
        Subtype = e.Subtype;
        AccountNo = e.AccountNo;
        CustomerName = e.CustomerName;
        Tier = e.Tier;
        Lane = e.Tier == "A" ? 0 : 1;
        Channel = e.Channel;
        Description = e.Description;
        ReceivedAt = e.ReceivedAt;
        Repeat = e.Repeat;
        MatterCount = e.MatterCount;
        Status = CaseStatus.Received;
        Round = 1;
    }

    public void Apply(DeadlineStarted e)
    {
        Deadlines.Add(new CaseDeadline { Name = e.Name, Round = e.Round, DueAt = e.DueAt, TokenId = e.TokenId });
        UpdateNextDue();
    }

    public void Apply(DeadlineKept e)
    {
        var deadline = Deadlines.LastOrDefault(d => d.Name == e.Name && d.Round == e.Round);
        if (deadline is null) return;
        deadline.MetAt = e.At;
        deadline.OnTime = e.OnTime;
        UpdateNextDue();
    }

    public void Apply(DeadlineMissed e)
    {
        var deadline = Deadlines.LastOrDefault(d => d.Name == e.Name && d.Round == e.Round);
        if (deadline is not null) deadline.BreachedAt = e.At;
    }

    public void Apply(CaseEscalated e)
    {
        Supervised = true;
        SupervisionReasons.Add(e.Reason);
    }

    public void Apply(CustomerContacted e)
    {
        Status = CaseStatus.InProgress;
        ContactedAt = e.At;
        ContactedBy = e.By;
    }

    public void Apply(CaseReplied e)
    {
        Status = CaseStatus.Replied;
        RepliedAt = e.At;
        Reply = e.Reply;
        RepliedBy = e.By;
        Verified = e.Verified;
    }

    public void Apply(RewardDue e) => RewardDue = true;

    public void Apply(CaseReopened e)
    {
        Status = CaseStatus.Reopened;
        Round = e.Round;
        RepliedAt = null;
        Reply = null;
        RepliedBy = null;
    }

    private void UpdateNextDue() =>
        NextDueAt = Deadlines.Where(d => d.Open).Select(d => (DateTimeOffset?)d.DueAt).Min();
}
