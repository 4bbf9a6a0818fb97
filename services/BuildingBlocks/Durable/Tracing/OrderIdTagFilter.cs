using System.Diagnostics;
using System.Reflection;
using MassTransit;
using PowerMicro.Contracts;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Durable.Tracing;

/// <summary>
/// Tags every consume span of a message about an order (and its receive span) with powermicro.order_id, so Jaeger
/// finds it by order: integration events (IOrderEvent), the services' own messages that carry an OrderId (deadline
/// timers, callback attempts and timers sent to sagas), and any other message sent while working on an order
/// (schedules and their cancellations: <see cref="OrderIdHeaderFilter{T}"/>).
/// </summary>
public sealed class OrderIdTagFilter<T> : IFilter<ConsumeContext<T>> where T : class
{
    public Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var orderId = OrderIds.Of(context.Message)?.ToString()
                      ?? (context.Headers.Get<string>(OrderIdHeaderFilter.Header) is { } header && Guid.TryParse(header, out var id) ? id.ToString() : null);
        if (orderId is not null) PowerMicroActivity.TagOrder(Activity.Current, orderId);
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("powermicro-order-id-tag");
}

/// <summary>The order a message is about: IOrderEvent.OrderId, or a public Guid property named OrderId.</summary>
public static class OrderIds
{
    public static Guid? Of(object message) => message switch
    {
        IOrderEvent e => e.OrderId,
        MassTransit.Scheduling.ScheduleMessage { Payload: { } payload } => Of(payload),
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } json =>
            json.TryGetProperty("orderId", out var id) && id.TryGetGuid(out var guid) ? guid : null,
        _ => Reader.For(message.GetType())?.Invoke(message),
    };

    private static class Reader
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<object, Guid?>?> Cache = new();

        public static Func<object, Guid?>? For(Type type) => Cache.GetOrAdd(type, t =>
            t.GetProperty("OrderId", BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var p } property && p == typeof(Guid)
                ? m => (Guid)property.GetValue(m)!
                : null);
    }
}
