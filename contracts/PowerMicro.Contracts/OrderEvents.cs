using MassTransit;

namespace PowerMicro.Contracts;

// The public integration events of a service order. Published by the service named in Source, on the
// RabbitMQ exchange named by [EntityName] (fanout; bind your own queue to it). Changes are additive only:
// tests/PowerMicro.Contracts.Tests keeps a snapshot of this surface and fails when it changes shape.

/// <summary>
/// An order was taken in by intake (every kind). Customer.Name and Customer.Phone are masked (e.g. 王*, 138****0000):
/// integrators never get a customer's name or phone. SealedContact holds them encrypted for PowerMicro's own
/// services (a key integrators do not have); subscribers outside PowerMicro ignore it.
/// </summary>
[MessageUrn("PowerMicro.Contracts:OrderReceived")]
[EntityName("PowerMicro.Contracts:OrderReceived")]
public sealed record OrderReceived(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    string Number, string Kind, string Subtype, string Channel, string Area, int Priority,
    Customer Customer, string? Address, string Description, DateTimeOffset? AppointmentAt,
    bool AppointmentService, string? SpecialCare, string TraceId, string? SealedContact = null) : IOrderEvent;

/// <summary>An agent answered an inquiry or forwarded a business application during or after the contact.</summary>
[MessageUrn("PowerMicro.Contracts:OrderAnswered")]
[EntityName("PowerMicro.Contracts:OrderAnswered")]
public sealed record OrderAnswered(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    string Answer, string AnsweredBy) : IOrderEvent;

/// <summary>A repair became a work order assigned to a crew; ArrivalDueAt is the arrival promise for its area.</summary>
[MessageUrn("PowerMicro.Contracts:OrderDispatched")]
[EntityName("PowerMicro.Contracts:OrderDispatched")]
public sealed record OrderDispatched(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    string Crew, string Area, DateTimeOffset ArrivalDueAt, int Round) : IOrderEvent;

/// <summary>The crew reached the site; RestorationDueAt is the restoration promise from now.</summary>
[MessageUrn("PowerMicro.Contracts:CrewArrived")]
[EntityName("PowerMicro.Contracts:CrewArrived")]
public sealed record CrewArrived(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    string Crew, bool OnTime, DateTimeOffset RestorationDueAt) : IOrderEvent;

/// <summary>
/// The order's work is done (repair completed, complaint or report replied, inquiry answered, business
/// application forwarded). Round counts completions: a reopened order completes again with Round + 1.
/// The callback service decides from Kind, Subtype and AppointmentService whether a callback follows.
/// </summary>
[MessageUrn("PowerMicro.Contracts:OrderCompleted")]
[EntityName("PowerMicro.Contracts:OrderCompleted")]
public sealed record OrderCompleted(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    string Kind, string Subtype, bool AppointmentService, string Tier, string Result, int Round) : IOrderEvent;

/// <summary>A callback found the customer unsatisfied: the order goes back to dispatch or complaint handling.</summary>
[MessageUrn("PowerMicro.Contracts:OrderReopened")]
[EntityName("PowerMicro.Contracts:OrderReopened")]
public sealed record OrderReopened(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    string Kind, string Subtype, string Reason, int Round) : IOrderEvent;

/// <summary>A callback task exists for this completion, to be made by DueAt.</summary>
[MessageUrn("PowerMicro.Contracts:CallbackScheduled")]
[EntityName("PowerMicro.Contracts:CallbackScheduled")]
public sealed record CallbackScheduled(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    Guid CallbackId, DateTimeOffset DueAt, bool Sampled, int Round) : IOrderEvent;

/// <summary>An agent tried a callback: satisfied, basically-satisfied, unsatisfied or unreachable.</summary>
[MessageUrn("PowerMicro.Contracts:CallbackAttempted")]
[EntityName("PowerMicro.Contracts:CallbackAttempted")]
public sealed record CallbackAttempted(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    Guid CallbackId, string Outcome, int Attempt, string? Note) : IOrderEvent;

/// <summary>The order is closed: callback done, no callback required, or the customer was unreachable.</summary>
[MessageUrn("PowerMicro.Contracts:OrderClosed")]
[EntityName("PowerMicro.Contracts:OrderClosed")]
public sealed record OrderClosed(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    string Reason) : IOrderEvent;

/// <summary>A promise was broken: Deadline (arrival, restoration, contact, reply, callback) passed without its step.</summary>
[MessageUrn("PowerMicro.Contracts:SlaBreached")]
[EntityName("PowerMicro.Contracts:SlaBreached")]
public sealed record SlaBreached(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    string Deadline, DateTimeOffset DueAt, double LateBySeconds) : IOrderEvent;

/// <summary>A deadline now runs for the order (shown to agents and supervisors on the order).</summary>
[MessageUrn("PowerMicro.Contracts:DeadlineSet")]
[EntityName("PowerMicro.Contracts:DeadlineSet")]
public sealed record DeadlineSet(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    string Deadline, DateTimeOffset DueAt) : IOrderEvent;

/// <summary>The step a deadline waited for was done (on time or late).</summary>
[MessageUrn("PowerMicro.Contracts:DeadlineMet")]
[EntityName("PowerMicro.Contracts:DeadlineMet")]
public sealed record DeadlineMet(
    Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source,
    string Deadline, DateTimeOffset MetAt, bool OnTime) : IOrderEvent;
