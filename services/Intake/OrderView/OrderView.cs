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
}

/// <summary>A deadline was set (with DueAt), met, or breached (with DueAt), at At.</summary>
public sealed record DeadlineFact(string Fact, string Name, DateTimeOffset At, DateTimeOffset? DueAt);

public sealed class CallbackView
{
    public bool Required { get; set; }
    public string Status { get; set; } = "not-required";
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
