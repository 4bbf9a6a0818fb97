namespace PowerMicro.Intake.Webhooks;

/// <summary>Webhooks:* — how often due subscriptions are looked at, the retry backoff (doubling from RetryBase up to RetryCap), the HTTP timeout.</summary>
public sealed class WebhookOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan RetryCap { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    public int BatchSize { get; set; } = 100;

    public TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(RetryCap.Ticks, RetryBase.Ticks * (1L << Math.Min(failures - 1, 30))));
}
