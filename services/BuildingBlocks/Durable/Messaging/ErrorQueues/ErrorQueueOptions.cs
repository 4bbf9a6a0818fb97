using Microsoft.Extensions.Configuration;

namespace PowerMicro.Durable.Messaging.ErrorQueues;

/// <summary>Configuration section "Messaging:ErrorQueues".</summary>
public sealed class ErrorQueueOptions
{
    public const string Section = "Messaging:ErrorQueues";

    /// <summary>How often the error queues' message counts are read from the broker.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public static ErrorQueueOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<ErrorQueueOptions>() ?? new ErrorQueueOptions();
        if (options.PollInterval <= TimeSpan.Zero) throw new InvalidOperationException("Messaging:ErrorQueues:PollInterval must be positive.");
        return options;
    }
}
