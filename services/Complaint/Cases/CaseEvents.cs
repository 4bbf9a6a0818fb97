namespace PowerMicro.Complaint.Cases;

// The stored events of a complaint case (one Marten stream per order, stream id = order id). Every event
// carries its own time (At) from the service's TimeProvider, so a fake or accelerated clock is honoured.

/// <summary>A complaint or report was taken in; Repeat and MatterCount come from the repeat rule.</summary>
public sealed record CaseOpened(
    Guid OrderId, string Number, string Kind, string Subtype, string AccountNo, string CustomerName, string Tier,
    string Channel, string Description, DateTimeOffset ReceivedAt, bool Repeat, int MatterCount, DateTimeOffset At);

/// <summary>A deadline now runs; TokenId is the durable scheduler's token of its timer.</summary>
public sealed record DeadlineStarted(string Name, int Round, DateTimeOffset DueAt, Guid TokenId, DateTimeOffset At);

/// <summary>The step a deadline waited for was done.</summary>
public sealed record DeadlineKept(string Name, int Round, DateTimeOffset DueAt, bool OnTime, DateTimeOffset At);

/// <summary>A deadline passed without its step (recorded once per deadline).</summary>
public sealed record DeadlineMissed(string Name, int Round, DateTimeOffset DueAt, double LateBySeconds, DateTimeOffset At);

/// <summary>The case is under supervision (督办) for Reason.</summary>
public sealed record CaseEscalated(string Reason, DateTimeOffset At);

/// <summary>An agent made the first contact with the customer.</summary>
public sealed record CustomerContacted(string By, bool OnTime, DateTimeOffset At);

/// <summary>An agent replied: the case is completed for this round. Verified: theft reports only.</summary>
public sealed record CaseReplied(
    string Kind, string Subtype, string Tier, string Reply, string By, bool? Verified, int Round, DateTimeOffset At);

/// <summary>A verified electricity-theft report: the reporter is due a reward.</summary>
public sealed record RewardDue(string AccountNo, string Name, DateTimeOffset At);

/// <summary>An unsatisfied callback sent the case back to handling for another round.</summary>
public sealed record CaseReopened(string Reason, int Round, DateTimeOffset At);
