using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PowerMicro.ServiceDefaults.Health;
using PowerMicro.Durable.Resilience;
using PowerMicro.Durable.Messaging.ErrorQueues;

namespace PowerMicro.Durable.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ from ConnectionStrings:RabbitMq: usage telemetry off, endpoint names
    /// prefixed by the service, retries on every receive endpoint (passing failures until they pass, others briefly),
    /// the bus in /health/ready, its error queues watched (<see cref="ErrorQueueRegistration"/>), and the host
    /// waiting until the bus has started (MassTransit:WaitUntilStarted, default true), MassTransit's traces and
    /// metrics, and RabbitMQ's passing failures answered 503.
    /// </summary>
    public static IHostApplicationBuilder AddServiceBus(this IHostApplicationBuilder builder, string serviceName,
        Action<IBusRegistrationConfigurator>? configure = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        var address = RabbitMqAddress.Parse(builder.Configuration.GetConnectionString("RabbitMq")
            ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not configured."));
        var settings = builder.Configuration.GetSection("MassTransit");

        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource("MassTransit"));
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter("MassTransit"));
        DurableFailureClassifier.Register(builder.Services);

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
            // Two retry filters: the outer one waits out passing failures (PostgreSQL or RabbitMQ down, a
            // concurrency conflict) with growing, capped backoff, for as long as a day; the inner one gives
            // any other failure a few quick tries before the message goes to the error queue.
            var untilItPasses = RetryIntervals.UntilItPasses(settings.GetValue<TimeSpan?>("RetryCap"));
            x.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                endpoint.UseMessageRetry(r =>
                {
                    r.Handle<Exception>(PassingFailures.IsPassing);
                    r.Intervals(untilItPasses);
                });
                endpoint.UseMessageRetry(r =>
                {
                    r.Ignore<Exception>(PassingFailures.IsPassing);
                    r.Intervals(RetryIntervals.Briefly);
                });
            });

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
