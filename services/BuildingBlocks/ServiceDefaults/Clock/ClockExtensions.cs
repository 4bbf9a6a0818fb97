using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace PowerMicro.ServiceDefaults.Clock;

public static class ClockExtensions
{
    /// <summary>
    /// Registers the process's <see cref="TimeProvider"/>: the system clock, or with Clock:Speed set
    /// (e.g. Clock__Speed=60) an accelerated clock from Clock:Epoch (ISO 8601, the same for every
    /// process; deploy/run.sh sets it). Tests that register a fake before this runs keep it when no speed is set.
    /// </summary>
    public static IHostApplicationBuilder AddClock(this IHostApplicationBuilder builder)
    {
        var speed = builder.Configuration.GetValue<double?>("Clock:Speed");
        if (speed is null or 1.0)
        {
            builder.Services.TryAddSingleton(TimeProvider.System);
            return builder;
        }

        var epochText = builder.Configuration["Clock:Epoch"]
            ?? throw new InvalidOperationException(
                "Clock:Speed is set but Clock:Epoch is not: every process needs the same epoch to agree on the time " +
                "(e.g. Clock__Epoch=2026-11-23T08:00:00Z).");
        var epoch = DateTimeOffset.Parse(epochText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        // Replace, not TryAdd: a framework registration of the system clock made earlier must not win over the
        // configured speed (it did once, silently: the demo clock ran at real time).
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new AcceleratedTimeProvider(epoch, speed.Value)));
        return builder;
    }
}
