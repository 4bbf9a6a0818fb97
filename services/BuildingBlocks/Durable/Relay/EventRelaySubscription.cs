using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Logging;
using PowerMicro.Durable.EventStore;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Durable.Relay;

/// <summary>
/// The outbox: a Marten subscription (run by the HotCold daemon's leader) that publishes the integration
/// event of each stored domain event to RabbitMQ. Marten checkpoints after each page, so after a crash
/// the page is published again: at least once, never a gap. Each message's id is the stored event's id,
/// so a redelivery is recognisable. Events of one order are published one after another, in stream order;
/// different orders in parallel. Each publish runs in the trace of the request that appended the event.
/// </summary>
public sealed class EventRelaySubscription : SubscriptionBase
{
    public const string SubscriptionName = "event-relay";
    public const string SequenceHeader = "PowerMicro-Sequence";

    private readonly IntegrationEventMap _map;
    private readonly IBus _bus;
    private readonly ILogger<EventRelaySubscription> _logger;

    public EventRelaySubscription(IntegrationEventMap map, IBus bus, ILogger<EventRelaySubscription> logger)
    {
        _map = map;
        _bus = bus;
        _logger = logger;
        Name = SubscriptionName;
        foreach (var type in map.EventTypes) IncludeType(type);
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var perOrder = page.Events.GroupBy(e => e.StreamId)
            .Select(stream => PublishInOrderAsync(stream.ToList(), cancellationToken));
        await Task.WhenAll(perOrder);
        return NullChangeListener.Instance;
    }

    private async Task PublishInOrderAsync(IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stored in events)
        {
            var message = _map.ToIntegrationEvent(stored);
            if (message is null) continue;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await PublishAsync(stored, message, cancellationToken);
                    break;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Never skip: a gap would be a lost event. Back off and try the same event again.
                    _logger.LogWarning(ex, "Publishing {EventType} of order {OrderId} failed (attempt {Attempt}); retrying",
                        stored.EventTypeName, stored.StreamId, attempt);
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * attempt)), cancellationToken);
                }
            }
        }
    }

    private async Task PublishAsync(IEvent stored, object message, CancellationToken cancellationToken)
    {
        using var activity = PowerMicroActivity.Source.StartActivity($"relay {message.GetType().Name}",
            ActivityKind.Internal, TraceContextHeader.ParentOf(stored));
        activity?.SetTag(PowerMicroActivity.OrderIdTag, stored.StreamId.ToString());
        activity?.SetTag("powermicro.sequence", stored.Version);

        await _bus.Publish(message, message.GetType(), Pipe.Execute<PublishContext>(context =>
        {
            context.MessageId = stored.Id;
            context.CorrelationId = stored.StreamId;
            context.Headers.Set(SequenceHeader, stored.Version);
        }), cancellationToken);
    }
}
