namespace PowerMicro.Intake.TakeOrder;

/// <summary>An Idempotency-Key used to take an order: the hash of the body it came with and the order it made.</summary>
public sealed record IdempotencyRecord(string Id, string BodyHash, Guid OrderId, DateTimeOffset At);
