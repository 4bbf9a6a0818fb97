using System.Reflection;
using Marten;
using MassTransit;
using PowerMicro.Contracts;
using PowerMicro.Durable.Inbox;
using PowerMicro.Durable.EventStore;
using PowerMicro.Intake.Orders;
using PowerMicro.Intake.PublicEvents;

namespace PowerMicro.Intake.OrderView;

/// <summary>
/// Keeps the order view up to date with every other service's order events (any IOrderEvent, so
/// event types added later appear in the timeline too). Intake's own events are applied when they are
/// stored, so their relayed copies are skipped. Idempotent through the inbox and the timeline. Each event new to the
/// timeline is also appended to the public journal in the same transaction (its next per-order sequence).
/// </summary>
public sealed class OrderViewConsumer(IDocumentStore store, TimeProvider clock, ILogger<OrderViewConsumer> logger) : IConsumer<IOrderEvent>
{
    /// <summary>Every contract event type by name, so the event is read whole (for the public journal), new types included.</summary>
    private static readonly Dictionary<string, Func<ConsumeContext, IOrderEvent?>> Known = typeof(IOrderEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IOrderEvent).IsAssignableFrom(t))
        .ToDictionary(t => t.Name, t => typeof(OrderViewConsumer).GetMethod(nameof(Try), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(t).CreateDelegate<Func<ConsumeContext, IOrderEvent?>>());

    private static IOrderEvent? Try<T>(ConsumeContext context) where T : class, IOrderEvent =>
        context.TryGetMessage<T>(out var typed) ? typed.Message : null;

    public async Task Consume(ConsumeContext<IOrderEvent> context)
    {
        if (context.Message.Source == IntegrationEvents.Source) return;
        var type = TypeName(context);
        var message = (Known.TryGetValue(type, out var read) ? read(context) : null) ?? context.Message;

        await using var session = await store.OpenTracedSessionAsync(context.CancellationToken);
        if (!await session.TryBeginHandling(nameof(OrderViewConsumer), context.MessageId, clock.GetUtcNow(), context.CancellationToken))
            return;
        var view = await session.LoadAsync<OrderView>(message.OrderId, context.CancellationToken);
        if (view is null)
        {
            logger.LogWarning("{Type} from {Source} for order {OrderId}, which intake did not take; ignored", type, message.Source, message.OrderId);
            return;
        }
        if (OrderViewProjector.Apply(view, message, type))
        {
            session.Update(view);
            session.Record(message, type, view.Kind, context.MessageId ?? throw new InvalidOperationException("An order event without a message id."));
        }
        await session.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>The event's own type name (the most specific URN the publisher sent), e.g. OrderDispatched.</summary>
    private static string TypeName(ConsumeContext context) =>
        context.SupportedMessageTypes
            .Select(urn => urn[(urn.LastIndexOf(':') + 1)..])
            .FirstOrDefault(name => name != nameof(IOrderEvent)) ?? nameof(IOrderEvent);
}
