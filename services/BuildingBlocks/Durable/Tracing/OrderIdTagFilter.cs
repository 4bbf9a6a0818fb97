using System.Diagnostics;
using MassTransit;
using PowerMicro.Contracts;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Durable.Tracing;

/// <summary>Tags every consume span of an order event with powermicro.order_id, so Jaeger finds it by order.</summary>
public sealed class OrderIdTagFilter<T> : IFilter<ConsumeContext<T>> where T : class
{
    public Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (context.Message is IOrderEvent order)
            Activity.Current?.SetTag(PowerMicroActivity.OrderIdTag, order.OrderId.ToString());
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("powermicro-order-id-tag");
}
