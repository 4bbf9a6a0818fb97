using MassTransit;

namespace PowerMicro.Contracts;

// The complaint service's own steps of a complaint or report (besides OrderCompleted, SlaBreached,
// DeadlineSet and DeadlineMet), for integrators and the order view. Additive like OrderEvents.cs.

/// <summary>The complaint service opened its case; Repeat: an earlier case on the same matter (account, subtype) was closed; MatterCount: this is the n-th case on it within the window.</summary>
[MessageUrn("PowerMicro.Contracts:ComplaintOpened")]
[EntityName("PowerMicro.Contracts:ComplaintOpened")]
public sealed record ComplaintOpened(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    string Kind, string Subtype, string Tier, bool Repeat, int MatterCount) : IOrderEvent;

/// <summary>An agent made the first contact with the customer (the 24-hour promise); OnTime: before the contact deadline.</summary>
[MessageUrn("PowerMicro.Contracts:ComplaintContacted")]
[EntityName("PowerMicro.Contracts:ComplaintContacted")]
public sealed record ComplaintContacted(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    string ContactedBy, bool OnTime) : IOrderEvent;

/// <summary>The case was put under supervision (督办); Reason: "repeat" (third or later on the same matter) or "sla-breach:contact" / "sla-breach:reply".</summary>
[MessageUrn("PowerMicro.Contracts:ComplaintEscalated")]
[EntityName("PowerMicro.Contracts:ComplaintEscalated")]
public sealed record ComplaintEscalated(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    string Reason) : IOrderEvent;

/// <summary>An electricity-theft report was verified: the reporter is due a reward. ReporterName is masked (e.g. 王*): integrators never get names.</summary>
[MessageUrn("PowerMicro.Contracts:ReporterRewardDue")]
[EntityName("PowerMicro.Contracts:ReporterRewardDue")]
public sealed record ReporterRewardDue(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    string ReporterAccountNo, string ReporterName) : IOrderEvent;
