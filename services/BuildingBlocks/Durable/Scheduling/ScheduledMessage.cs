namespace PowerMicro.Durable.Scheduling;

/// <summary>
/// A message waiting for its time, stored in the service's own schema. <see cref="Id"/> is the scheduling
/// token, so a cancel finds it and a re-schedule replaces it. A cancel that arrives before its schedule
/// leaves a <see cref="Cancelled"/> marker so the late schedule is ignored. Either MassTransit's serialized
/// envelope (<see cref="Body"/>, from the scheduler queue) or a typed message written by a session in the
/// same transaction as the events that call for it (<see cref="MessageType"/> and <see cref="Payload"/>;
/// see <see cref="SessionScheduling"/>). No <see cref="Destination"/>: the message is published.
/// </summary>
public sealed class ScheduledMessage
{
    /// <summary>Marten document alias, so the dispatcher's SQL knows the table (mt_doc_scheduled_message).</summary>
    public const string Alias = "scheduled_message";

    public Guid Id { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public bool Cancelled { get; set; }
    public string? Destination { get; set; }
    public string? MessageType { get; set; }
    public string? Payload { get; set; }
    public string ContentType { get; set; } = "";
    public string Body { get; set; } = "";
    public Guid? MessageId { get; set; }
    public Guid? CorrelationId { get; set; }
    public Guid? ConversationId { get; set; }
    public Guid? InitiatorId { get; set; }
    public string? TraceParent { get; set; }
    /// <summary>The order the message is about, when it says (for the powermicro.order_id tag of the send).</summary>
    public Guid? OrderId { get; set; }
    public Dictionary<string, string> Headers { get; set; } = [];
}
