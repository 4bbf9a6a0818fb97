using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PowerMicro.ServiceDefaults.Health;
using PowerMicro.ServiceDefaults.Messaging.ErrorQueues;

namespace PowerMicro.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ from ConnectionStrings:RabbitMq: usage telemetry off, endpoint names
    /// prefixed by the service, a retry policy on every receive endpoint, the bus in /health/ready,
    /// its error queues watched (<see cref="ErrorQueueRegistration"/>), and the host waiting until the
    /// bus has started (MassTransit:WaitUntilStarted, default true).
    /// </summary>
    public static IHostApplicationBuilder AddServiceBus(this IHostApplicationBuilder builder, string serviceName,
        Action<IBusRegistrationConfigurator>? configure = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        var address = RabbitMqAddress.Parse(builder.Configuration.GetConnectionString("RabbitMq")
            ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not configured."));
        var settings = builder.Configuration.GetSection("MassTransit");

        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, false));
            x.ConfigureHealthCheckOptions(o =>
            {
                o.Name = "rabbitmq";
                o.MinimalFailureStatus = HealthStatus.Unhealthy;
                o.Tags.Add(HealthEndpoints.ReadyTag);
            });
            x.AddConfigureEndpointsCallback((_, _, endpoint) =>
                endpoint.UseMessageRetry(r => r.Intervals(
                    TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1),
                    TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10))));

            configure?.Invoke(x);

            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(address.Host, address.Port, address.VirtualHost, h =>
                {
                    h.Username(address.Username);
                    h.Password(address.Password);
                    h.ConnectionName(serviceName);
                });
                configureBus?.Invoke(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });

        builder.AddErrorQueueMonitor(address, serviceName);

        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = settings.GetValue("WaitUntilStarted", true);
            o.StartTimeout = settings.GetValue("StartTimeout", TimeSpan.FromSeconds(60));
            o.StopTimeout = settings.GetValue("StopTimeout", TimeSpan.FromSeconds(30));
        });
        return builder;
    }
}
