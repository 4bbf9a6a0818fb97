namespace PowerMicro.Dispatch.WorkOrders;

// The events of a work order's stream (stream id = order id). Each carries At, the service's TimeProvider time of
// the change; the relay publishes the integration events from these (DispatchService.MapIntegrationEvents).

/// <summary>
/// A repair was taken over from intake. CustomerSide: guided first (Guidance/CustomerSideRule). OrderId: the stream's id
/// (empty in events stored before it was added; the stream id stands in for it).
/// </summary>
public sealed record WorkOrderOpened(
    string Number, string Subtype, string Area, int Priority, string Tier, int Importance, string AccountNo,
    string? Address, string Description, DateTimeOffset ReceivedAt, bool CustomerSide, DateTimeOffset At, Guid OrderId = default);

/// <summary>No crew of the area had room: the work order waits in the queue (Crews/AssignmentRule).</summary>
public sealed record WorkOrderQueued(int Round, DateTimeOffset At);

/// <summary>A crew was assigned. → OrderDispatched.</summary>
public sealed record CrewAssigned(string Crew, string Area, DateTimeOffset ArrivalDueAt, int Round, DateTimeOffset At);

/// <summary>A deadline runs; TokenId is its durable timer. → DeadlineSet.</summary>
public sealed record DeadlineStarted(string Deadline, int Round, DateTimeOffset DueAt, Guid TokenId, DateTimeOffset At);

/// <summary>The step a deadline waited for was done. → DeadlineMet.</summary>
public sealed record DeadlineKept(string Deadline, int Round, DateTimeOffset DueAt, bool OnTime, DateTimeOffset At);

/// <summary>A deadline passed without its step; the order is flagged for supervision. → SlaBreached.</summary>
public sealed record DeadlineMissed(string Deadline, int Round, DateTimeOffset DueAt, double LateBySeconds, DateTimeOffset At);

/// <summary>The assigned crew reached the site. → CrewArrived.</summary>
public sealed record CrewArrivedOnSite(string Crew, int Round, bool OnTime, DateTimeOffset RestorationDueAt, DateTimeOffset At);

/// <summary>The work is done with a result (restored, customer-side-fault, referred). → OrderCompleted.</summary>
public sealed record WorkCompleted(
    string? Crew, string Result, string? Note, int Round, string Subtype, string Tier, DateTimeOffset At);

/// <summary>Guidance of a customer-side fault ended: the customer fixed it (self-fixed) or a crew is needed (dispatch).</summary>
public sealed record GuidanceEnded(string Outcome, string? Note, DateTimeOffset At);

/// <summary>An unsatisfied callback reopened the repair: it is dispatched again as round Round.</summary>
public sealed record WorkOrderReopened(int Round, string Reason, DateTimeOffset At);
