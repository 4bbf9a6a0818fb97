namespace PowerMicro.Durable.Scheduling;

/// <summary>
/// A message waiting for its time, stored in the service's own schema. <see cref="Id"/> is MassTransit's
/// scheduling token, so a cancel finds it and a re-schedule replaces it. A cancel that arrives before its
/// schedule leaves a <see cref="Cancelled"/> marker so the late schedule is ignored.
/// </summary>
public sealed class ScheduledMessage
{
    /// <summary>Marten document alias, so the dispatcher's SQL knows the table (mt_doc_scheduled_message).</summary>
    public const string Alias = "scheduled_message";

    public Guid Id { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public bool Cancelled { get; set; }
    public string Destination { get; set; } = "";
    public string ContentType { get; set; } = "";
    public string Body { get; set; } = "";
    public Guid? MessageId { get; set; }
    public Guid? CorrelationId { get; set; }
    public Guid? ConversationId { get; set; }
    public Guid? InitiatorId { get; set; }
    public string? TraceParent { get; set; }
    public Dictionary<string, string> Headers { get; set; } = [];
}
