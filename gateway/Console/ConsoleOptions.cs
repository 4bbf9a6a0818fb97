namespace PowerMicro.Gateway.Console;

/// <summary>Configuration section "Console": what the service-centre console at /console needs from the gateway.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Jaeger's UI; an order page links to {JaegerUrl}/trace/{traceId}.</summary>
    public string JaegerUrl { get; set; } = "http://127.0.0.1:16686";

    /// <summary>How often a live stream reads the lists it watches (an event shows within this plus the read models' lag).</summary>
    public TimeSpan LivePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Where the live stream reaches this gateway itself; empty: the first address the server listens on.</summary>
    public string SelfUrl { get; set; } = "";

    public static ConsoleOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        if (options.LivePollInterval < TimeSpan.FromMilliseconds(100) || options.LivePollInterval > TimeSpan.FromSeconds(10))
            throw new InvalidOperationException($"{Section}:LivePollInterval must be between 00:00:00.1 and 00:00:10.");
        if (!Uri.TryCreate(options.JaegerUrl, UriKind.Absolute, out var jaeger) || jaeger.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"{Section}:JaegerUrl must be an absolute http(s) URL.");
        if (options.SelfUrl.Length > 0 && !Uri.TryCreate(options.SelfUrl, UriKind.Absolute, out _))
            throw new InvalidOperationException($"{Section}:SelfUrl must be an absolute URL when set.");
        return options;
    }
}
