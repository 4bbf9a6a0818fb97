namespace PowerMicro.Durable.Deadlines;

/// <summary>The durable timer of one deadline of one round of an order's stream, sent by the scheduler at DueAt.</summary>
public sealed record DeadlineDue(Guid OrderId, string Deadline, int Round, DateTimeOffset DueAt);
