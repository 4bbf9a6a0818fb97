using System.Diagnostics;
using MassTransit;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Durable.Tracing;

public static class OrderIdHeaderFilter
{
    public const string Header = "PowerMicro-Order-Id";
}

/// <summary>
/// Stamps every message sent or published about an order with <see cref="OrderIdHeaderFilter.Header"/>: the message's
/// own order id, else the order the sending span works on. The consumer's spans are tagged from it
/// (<see cref="OrderIdTagFilter{T}"/>) even when the message itself does not say (a cancelled schedule).
/// </summary>
public sealed class OrderIdHeaderFilter<T> : IFilter<SendContext<T>>, IFilter<PublishContext<T>> where T : class
{
    public Task Send(SendContext<T> context, IPipe<SendContext<T>> next)
    {
        Stamp(context);
        return next.Send(context);
    }

    public Task Send(PublishContext<T> context, IPipe<PublishContext<T>> next)
    {
        Stamp(context);
        return next.Send(context);
    }

    private static void Stamp(SendContext<T> context)
    {
        if (context.Headers.TryGetHeader(OrderIdHeaderFilter.Header, out _)) return;
        var orderId = OrderIds.Of(context.Message)?.ToString() ?? PowerMicroActivity.OrderOf(Activity.Current);
        if (orderId is not null) context.Headers.Set(OrderIdHeaderFilter.Header, orderId);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("powermicro-order-id-header");
}
