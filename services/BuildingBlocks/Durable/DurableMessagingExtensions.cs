using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PowerMicro.Durable.Scheduling;
using PowerMicro.Durable.Tracing;
using PowerMicro.Durable.Messaging;

namespace PowerMicro.Durable;

public static class DurableMessagingExtensions
{
    /// <summary>
    /// The service bus (ServiceDefaults' AddServiceBus) with the durable scheduler, order-id tagging of every
    /// consume span (and the order id on every message sent about an order), and each order's first trace remembered
    /// so that later requests on the order link to it (where a consumer of OrderReceived runs; a service without one
    /// calls <see cref="RememberOrderFirstTraces"/>). Sagas add <c>.MartenRepository()</c>; consumers use the inbox;
    /// the relay is added on the event store (<c>AddEventRelay</c>).
    /// </summary>
    public static IHostApplicationBuilder AddDurableServiceBus(this IHostApplicationBuilder builder, string serviceName,
        Action<IBusRegistrationConfigurator>? configure = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        builder.Services.AddTransient<IStartupFilter, OrderTraceLinks>();
        return builder.AddServiceBus(serviceName,
            x =>
            {
                x.AddDurableScheduler(serviceName);
                configure?.Invoke(x);
            },
            (context, cfg) =>
            {
                cfg.UseDurableScheduler(serviceName);
                cfg.UseConsumeFilter(typeof(OrderIdTagFilter<>), context);
                cfg.UseConsumeFilter(typeof(OrderFirstTraceFilter<>), context);
                cfg.UseSendFilter(typeof(OrderIdHeaderFilter<>), context);
                cfg.UsePublishFilter(typeof(OrderIdHeaderFilter<>), context);
                configureBus?.Invoke(context, cfg);
            });
    }

    /// <summary>
    /// For a service that consumes no OrderReceived of its own (callback): a consumer that only remembers each order's
    /// first trace. Elsewhere <see cref="OrderFirstTraceFilter{T}"/> does it on the service's own consumer (intake
    /// remembers it when it takes the order), without a queue and a delivery more per order.
    /// </summary>
    public static IBusRegistrationConfigurator RememberOrderFirstTraces(this IBusRegistrationConfigurator x)
    {
        x.AddConsumer<OrderFirstTraceRecorder>();
        return x;
    }
}
