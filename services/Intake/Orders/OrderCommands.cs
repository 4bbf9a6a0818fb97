using PowerMicro.Contracts;

namespace PowerMicro.Intake.Orders;

// What can be asked of an order at intake.

/// <summary>A new order (its id and number made already). KeyTaken: its Idempotency-Key was used before, so nothing is taken.</summary>
public sealed record TakeNewOrder(
    Guid OrderId, string Number, string TakenBy, string Kind, string Subtype, string Channel, string Area, Customer Customer,
    string? Address, string Description, DateTimeOffset? AppointmentAt, string? SpecialCare, string TraceId, bool KeyTaken = false);

public sealed record GiveAnswer(string Answer, string AnsweredBy);

public sealed record ReopenAtIntake(OrderReopened Reopened);
