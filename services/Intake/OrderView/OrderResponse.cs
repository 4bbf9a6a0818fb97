using PowerMicro.Contracts;

namespace PowerMicro.Intake.OrderView;

/// <summary>The contract's order shape (api-contract.md), plus number, answer and supervision flag.</summary>
public sealed record OrderResponse(
    Guid OrderId, string Number, string Kind, string Subtype, string Channel, string Status, int Priority, string Area,
    Customer Customer, string? Address, string Description, DateTimeOffset? AppointmentAt, bool AppointmentService,
    string? SpecialCare, DateTimeOffset ReceivedAt, string TraceId, bool Supervised, string? Answer,
    IReadOnlyList<DeadlineView> Deadlines, CallbackView Callback, IReadOnlyList<TimelineEntry> Timeline)
{
    public static OrderResponse From(OrderView v) => new(
        v.Id, v.Number, v.Kind, v.Subtype, v.Channel, v.Status, v.Priority, v.Area, v.Customer, v.Address, v.Description,
        v.AppointmentAt, v.AppointmentService, v.SpecialCare, v.ReceivedAt, v.TraceId, v.Supervised, v.Answer,
        v.Deadlines, v.Callback, v.Timeline);
}

/// <summary>A line of GET /api/orders.</summary>
public sealed record OrderSummary(Guid OrderId, string Number, string Kind, string Subtype, string Status, int Priority,
    string Area, string Tier, DateTimeOffset ReceivedAt, bool Supervised);

public sealed record OrderPage(IReadOnlyList<OrderSummary> Items, int Page, int PageSize, int Total);
