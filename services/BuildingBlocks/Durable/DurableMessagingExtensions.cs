using MassTransit;
using Microsoft.Extensions.Hosting;
using PowerMicro.Durable.Scheduling;
using PowerMicro.Durable.Tracing;
using PowerMicro.Durable.Messaging;

namespace PowerMicro.Durable;

public static class DurableMessagingExtensions
{
    /// <summary>
    /// The service bus (ServiceDefaults' AddServiceBus) with the durable scheduler and order-id tagging of
    /// every consume span. Sagas add <c>.MartenRepository()</c>; consumers use the inbox; the relay is
    /// added on the event store (<c>AddEventRelay</c>).
    /// </summary>
    public static IHostApplicationBuilder AddDurableServiceBus(this IHostApplicationBuilder builder, string serviceName,
        Action<IBusRegistrationConfigurator>? configure = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null) =>
        builder.AddServiceBus(serviceName,
            x =>
            {
                x.AddDurableScheduler(serviceName);
                configure?.Invoke(x);
            },
            (context, cfg) =>
            {
                cfg.UseDurableScheduler(serviceName);
                cfg.UseConsumeFilter(typeof(OrderIdTagFilter<>), context);
                configureBus?.Invoke(context, cfg);
            });
}
