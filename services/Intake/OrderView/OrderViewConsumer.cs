using Marten;
using MassTransit;
using PowerMicro.Contracts;
using PowerMicro.Durable.Inbox;
using PowerMicro.Durable.Relay;
using PowerMicro.Intake.Orders;

namespace PowerMicro.Intake.OrderView;

/// <summary>
/// Keeps the order view up to date with every other service's order events (any IOrderEvent, so
/// event types added later appear in the timeline too). Intake's own events are applied when they are
/// stored, so their relayed copies are skipped. Idempotent through the inbox and the timeline.
/// </summary>
public sealed class OrderViewConsumer(IDocumentStore store, TimeProvider clock, ILogger<OrderViewConsumer> logger) : IConsumer<IOrderEvent>
{
    private static readonly Func<ConsumeContext, IOrderEvent?>[] Known =
    [
        Try<OrderReceived>, Try<OrderAnswered>, Try<OrderDispatched>, Try<CrewArrived>, Try<OrderCompleted>,
        Try<OrderReopened>, Try<CallbackScheduled>, Try<CallbackAttempted>, Try<OrderClosed>, Try<SlaBreached>,
        Try<DeadlineSet>, Try<DeadlineMet>,
    ];

    private static IOrderEvent? Try<T>(ConsumeContext context) where T : class, IOrderEvent =>
        context.TryGetMessage<T>(out var typed) ? typed.Message : null;

    public async Task Consume(ConsumeContext<IOrderEvent> context)
    {
        if (context.Message.Source == IntegrationEvents.Source) return;
        var message = Known.Select(k => k(context)).FirstOrDefault(m => m is not null) ?? context.Message;
        var type = TypeName(context);

        await using var session = await store.OpenTracedSessionAsync(context.CancellationToken);
        if (!await session.TryBeginHandling(nameof(OrderViewConsumer), context.MessageId, clock.GetUtcNow(), context.CancellationToken))
            return;
        var view = await session.LoadAsync<OrderView>(message.OrderId, context.CancellationToken);
        if (view is null)
        {
            logger.LogWarning("{Type} from {Source} for order {OrderId}, which intake did not take; ignored", type, message.Source, message.OrderId);
            return;
        }
        if (OrderViewProjector.Apply(view, message, type)) session.Update(view);
        await session.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>The event's own type name (the most specific URN the publisher sent), e.g. OrderDispatched.</summary>
    private static string TypeName(ConsumeContext context) =>
        context.SupportedMessageTypes
            .Select(urn => urn[(urn.LastIndexOf(':') + 1)..])
            .FirstOrDefault(name => name != nameof(IOrderEvent)) ?? nameof(IOrderEvent);
}
