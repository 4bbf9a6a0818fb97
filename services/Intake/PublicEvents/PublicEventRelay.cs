using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using PowerMicro.Durable.EventStore;
using PowerMicro.ServiceDefaults.Telemetry;
using RabbitMQ.Client;

namespace PowerMicro.Intake.PublicEvents;

/// <summary>
/// Publishes the public journal to the powermicro.events exchange as CloudEvents, routing key
/// &lt;kind&gt;.&lt;event&gt;: a Marten subscription (HotCold leader, woken on each append), so at least once,
/// in sequence per order (one order's events one after another, confirmed by the broker before the next),
/// never skipping one. A republish after a crash has the same CloudEvents id.
/// </summary>
public sealed class PublicEventRelay : SubscriptionBase
{
    public const string SubscriptionName = "public-events";

    private readonly PublicExchange _exchange;
    private readonly ILogger<PublicEventRelay> _logger;

    public PublicEventRelay(PublicExchange exchange, ILogger<PublicEventRelay> logger)
    {
        _exchange = exchange;
        _logger = logger;
        Name = SubscriptionName;
        IncludeType<PublicOrderEvent>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        await Task.WhenAll(page.Events.GroupBy(e => e.StreamId).Select(order => PublishInOrderAsync(order.ToList(), cancellationToken)));
        return NullChangeListener.Instance;
    }

    private async Task PublishInOrderAsync(IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stored in events)
        {
            if (stored.Data is not PublicOrderEvent entry) continue;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await PublishAsync(stored, entry, cancellationToken);
                    break;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    _logger.LogWarning(ex, "Publishing public event {Sequence} of order {OrderId} failed (attempt {Attempt}); retrying",
                        stored.Version, entry.OrderId, attempt);
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * attempt)), cancellationToken);
                }
            }
        }
    }

    private async Task PublishAsync(IEvent stored, PublicOrderEvent entry, CancellationToken cancellationToken)
    {
        using var activity = PowerMicroActivity.Source.StartActivity($"{PublicEventNames.Exchange} publish", ActivityKind.Producer,
            TraceContextHeader.ParentOf(stored));
        activity?.SetTag(PowerMicroActivity.OrderIdTag, entry.OrderId.ToString());
        activity?.SetTag("powermicro.sequence", stored.Version);

        var cloudEvent = PublicCloudEvents.From(entry, stored.Version, stored.Sequence);
        var properties = new BasicProperties
        {
            MessageId = cloudEvent.Id,
            ContentType = PublicCloudEvents.ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            Type = cloudEvent.Type,
            Timestamp = new AmqpTimestamp(entry.OccurredAt.ToUnixTimeSeconds()),
            Headers = new Dictionary<string, object?>
            {
                ["kind"] = entry.Kind,
                ["type"] = cloudEvent.Type,
                ["subject"] = cloudEvent.Subject,
                ["sequence"] = stored.Version,
            },
        };
        if (activity is not null) properties.Headers["traceparent"] = activity.Id;
        await _exchange.PublishAsync(PublicEventNames.RoutingKey(entry.Kind, entry.Type), properties,
            PublicCloudEvents.Encode(cloudEvent), cancellationToken);
    }
}
