using System.Diagnostics;
using Marten;
using MassTransit;
using PowerMicro.Contracts;

namespace PowerMicro.Durable.Tracing;

/// <summary>
/// Remembers each order's first trace in this service: OrderReceived is consumed in the trace of the request that took
/// the order in (the relay publishes it there), so the consume span is a span of that trace. A redelivery changes nothing.
/// </summary>
public sealed class OrderFirstTraceRecorder(IDocumentStore store) : IConsumer<OrderReceived>
{
    public async Task Consume(ConsumeContext<OrderReceived> context)
    {
        var message = context.Message;
        if (Activity.Current is not { } activity || activity.TraceId.ToHexString() != message.TraceId) return;
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<OrderFirstTrace>(message.OrderId, context.CancellationToken) is not null) return;
        session.Insert(new OrderFirstTrace { Id = message.OrderId, TraceParent = activity.Id! });
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            // Another instance (or intake's own request) remembered it first.
        }
    }
}
