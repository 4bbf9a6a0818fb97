namespace PowerMicro.Intake.Webhooks;

/// <summary>
/// An integrator's webhook: where to POST the public events (CloudEvents) that match its filter, the secret they
/// are signed with, and how far delivery got. Cursor is the journal position of the last event the endpoint
/// accepted (so delivery survives restarts, in order); Failures counts the attempts failed since the last success.
/// </summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; set; }
    public string Url { get; set; } = "";
    public string? Kind { get; set; }
    public string? Type { get; set; }
    public string Secret { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public long Cursor { get; set; }
    public long Delivered { get; set; }
    public int Failures { get; set; }
    public long TotalFailures { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? LastDeliveredAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
}
