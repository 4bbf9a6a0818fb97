using PowerMicro.Contracts;

namespace PowerMicro.Intake.OrderView;

/// <summary>
/// The order as GET /api/orders/{id} shows it: what intake took in, and the whole life of the order
/// across services (timeline, status, deadlines, callback), built from the integration events.
/// </summary>
public sealed class OrderView
{
    public Guid Id { get; set; }
    public string Number { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Subtype { get; set; } = "";
    public string Channel { get; set; } = "";
    public string Area { get; set; } = "";
    public int Priority { get; set; }
    public Customer Customer { get; set; } = null!;
    public string? Address { get; set; }
    public string Description { get; set; } = "";
    public DateTimeOffset? AppointmentAt { get; set; }
    public bool AppointmentService { get; set; }
    public string? SpecialCare { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public string TraceId { get; set; } = "";
    public string Status { get; set; } = "received";
    public bool Supervised { get; set; }
    public string? Answer { get; set; }
    public CallbackView Callback { get; set; } = new();
    public List<DeadlineView> Deadlines { get; set; } = [];
    public List<TimelineEntry> Timeline { get; set; } = [];

    /// <summary>What the events said about deadlines, kept so the deadlines can be refolded in time order.</summary>
    public List<DeadlineFact> DeadlineFacts { get; set; } = [];

    /// <summary>The steps that last set <see cref="Status"/>, <see cref="CallbackView.Status"/> and <see cref="CallbackView.Required"/>.</summary>
    public StepKey? StatusSetBy { get; set; }
    public StepKey? CallbackStatusSetBy { get; set; }
    public StepKey? CallbackRequiredSetBy { get; set; }
}

/// <summary>
/// Where a step stands in the order's life: by time, then (for steps at the same instant) by service and the
/// service's own sequence, the timeline's order.
/// </summary>
public sealed record StepKey(DateTimeOffset At, string Service, long Sequence) : IComparable<StepKey>
{
    public int CompareTo(StepKey? other) =>
        other is null ? 1
        : At != other.At ? At.CompareTo(other.At)
        : Service != other.Service ? string.CompareOrdinal(Service, other.Service)
        : Sequence.CompareTo(other.Sequence);
}

/// <summary>A deadline was set (with DueAt), met, or breached (with DueAt), at At.</summary>
public sealed record DeadlineFact(string Fact, string Name, DateTimeOffset At, DateTimeOffset? DueAt);

public sealed class CallbackView
{
    public bool Required { get; set; }
    public string Status { get; set; } = CallbackStates.NotRequired;
}

public static class CallbackStates
{
    public const string NotRequired = "not-required";
    public const string Pending = "pending";
}

public sealed class DeadlineView
{
    public string Name { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? MetAt { get; set; }
    public bool Breached { get; set; }
}

/// <summary>One step of the order's life: its event type, when, which service, and a short detail.</summary>
public sealed record TimelineEntry(string Type, DateTimeOffset At, string Service, long Sequence, string? Detail);
