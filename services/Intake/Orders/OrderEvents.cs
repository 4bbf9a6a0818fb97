using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;

namespace PowerMicro.Intake.Orders;

// The intake's own event stream of an order (stream id = order id). The relay turns each into the
// integration event of the same moment (IntegrationEvents.cs); the order view applies the same.

public sealed record OrderTaken(
    Guid OrderId, string Number, DateTimeOffset At, string TakenBy,
    string Kind, string Subtype, string Channel, string Area, int Priority, Customer Customer,
    string? Address, string Description, DateTimeOffset? AppointmentAt, string? SpecialCare, string TraceId)
{
    /// <summary>A business application with an appointment is an appointment service (callback required).</summary>
    public bool AppointmentService => OrderCatalog.IsAppointmentService(Kind, AppointmentAt);
}

public sealed record AnswerGiven(Guid OrderId, DateTimeOffset At, string Answer, string AnsweredBy);

/// <summary>
/// An answered inquiry or forwarded business application is complete for callback purposes. It carries
/// what the callback rule needs (kind, subtype, appointment, tier), as OrderCompleted does.
/// </summary>
public sealed record CompletedAtIntake(Guid OrderId, DateTimeOffset At, string Kind, string Subtype,
    bool AppointmentService, string Tier, string Result, int Round = 1);

/// <summary>
/// An order intake completed was reopened (an unsatisfied callback): it waits for a new answer or
/// forwarding, whose completion is round <see cref="Round"/> and is called back again.
/// </summary>
public sealed record ReopenedAtIntake(Guid OrderId, DateTimeOffset At, int Round, string Reason);
