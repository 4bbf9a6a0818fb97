namespace PowerMicro.Callback.Callbacks;

// The callback service's own stream per order (stream id = order id); the relay publishes the
// integration events of the same names from contracts/ (CallbackEvents map).

public sealed record CompletionRecorded(Guid OrderId, DateTimeOffset At, string Kind, string Subtype, string Tier, int Round, string Need);
public sealed record CallbackTaskCreated(Guid OrderId, DateTimeOffset At, Guid CallbackId, DateTimeOffset DueAt, bool Sampled, int Round);
public sealed record CallbackAttemptRecorded(Guid OrderId, DateTimeOffset At, Guid CallbackId, string Outcome, int Attempt, string? Note, string Agent);
public sealed record OrderClosedByCallback(Guid OrderId, DateTimeOffset At, string Reason);
public sealed record OrderReopenedByCallback(Guid OrderId, DateTimeOffset At, string Kind, string Subtype, int Round);
public sealed record CallbackOverdue(Guid OrderId, DateTimeOffset At, DateTimeOffset DueAt);
