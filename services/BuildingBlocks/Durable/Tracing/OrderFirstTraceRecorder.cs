using MassTransit;
using PowerMicro.Contracts;

namespace PowerMicro.Durable.Tracing;

/// <summary>
/// Every service hears of every order: its first trace is remembered (<see cref="OrderFirstTraceFilter{T}"/>) even in a
/// service that has no other use for OrderReceived (callback).
/// </summary>
public sealed class OrderFirstTraceRecorder(OrderFirstTraces firstTraces) : IConsumer<OrderReceived>
{
    public Task Consume(ConsumeContext<OrderReceived> context) => firstTraces.RememberAsync(context.Message, context.CancellationToken);
}

/// <summary>
/// Remembers the order's first trace before any consumer of OrderReceived runs, so that by the time this service
/// knows the order (a work order, a complaint case), it can link later requests on it to that trace.
/// </summary>
public sealed class OrderFirstTraceFilter<T>(OrderFirstTraces firstTraces) : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (context.Message is OrderReceived received) await firstTraces.RememberAsync(received, context.CancellationToken);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("powermicro-order-first-trace");
}
