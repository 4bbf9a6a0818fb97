namespace PowerMicro.Callback.Callbacks;

/// <summary>Callbacks: section "Callbacks" of the configuration.</summary>
public sealed class CallbackOptions
{
    /// <summary>A callback is due this long after the completion (domain: 24 h).</summary>
    public TimeSpan DueAfter { get; set; } = TimeSpan.FromHours(24);
    /// <summary>Attempts before a task closes as unreachable (domain: at least 3).</summary>
    public int MaxAttempts { get; set; } = 3;
    /// <summary>Wait after an unreachable attempt before the next may be made.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromHours(2);
}
