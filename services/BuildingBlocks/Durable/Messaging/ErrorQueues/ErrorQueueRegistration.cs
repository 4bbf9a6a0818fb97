using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PowerMicro.ServiceDefaults.Health;

namespace PowerMicro.Durable.Messaging.ErrorQueues;

public static class ErrorQueueRegistration
{
    /// <summary>
    /// Watches the service's error queues: the queue names from the bus's receive endpoints, their counts
    /// as a gauge, and the "error-queues" check in /health/ready (Degraded while any message waits).
    /// Polled on the real clock (an accelerated or fake service clock does not apply to operations).
    /// </summary>
    public static IHostApplicationBuilder AddErrorQueueMonitor(this IHostApplicationBuilder builder, RabbitMqAddress address, string serviceName)
    {
        var options = ErrorQueueOptions.From(builder.Configuration);
        var registry = new ErrorQueueRegistry();
        builder.Services.AddSingleton(registry);
        builder.Services.AddReceiveEndpointObserver(_ => registry);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<ErrorQueueCounts>();
        builder.Services.AddHostedService(sp => new ErrorQueueMonitor(address, serviceName, registry,
            sp.GetRequiredService<ErrorQueueCounts>(), options, TimeProvider.System,
            sp.GetRequiredService<ILogger<ErrorQueueMonitor>>()));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(ErrorQueueHealthCheck.Name,
            sp => new ErrorQueueHealthCheck(sp.GetRequiredService<ErrorQueueCounts>()),
            HealthStatus.Degraded, [HealthEndpoints.ReadyTag]));
        return builder;
    }
}
