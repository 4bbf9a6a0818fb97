namespace PowerMicro.Gateway.Upstreams;

/// <summary>Configuration section "Upstreams:Health": how the gateway checks each service instance.</summary>
public sealed class UpstreamHealthOptions
{
    public const string Section = "Upstreams:Health";

    /// <summary>How often each instance's /health/ready is asked.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe may take before it counts as a failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Failed probes in a row that take an instance out of rotation (one success brings it back).</summary>
    public int ConsecutiveFailures { get; set; } = 2;

    /// <summary>How long an instance whose requests failed at the transport level stays out before it is tried again.</summary>
    public TimeSpan ReactivationPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The Retry-After the gateway sends when no instance of a service is ready.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    public static UpstreamHealthOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<UpstreamHealthOptions>() ?? new UpstreamHealthOptions();
        if (options.Interval <= TimeSpan.Zero || options.Timeout <= TimeSpan.Zero || options.ReactivationPeriod <= TimeSpan.Zero
            || options.RetryAfter <= TimeSpan.Zero || options.ConsecutiveFailures < 1)
            throw new InvalidOperationException("Upstreams:Health: Interval, Timeout, ReactivationPeriod and RetryAfter must be positive, ConsecutiveFailures at least 1.");
        return options;
    }
}
