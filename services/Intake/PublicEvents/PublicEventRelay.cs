using System.Diagnostics;
using JasperFx.Events;
using Microsoft.Extensions.Logging;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Relay;
using PowerMicro.ServiceDefaults.Telemetry;
using RabbitMQ.Client;

namespace PowerMicro.Intake.PublicEvents;

/// <summary>
/// Publishes the public journal to the powermicro.events exchange as CloudEvents, routing key
/// &lt;kind&gt;.&lt;event&gt;: a Marten subscription (HotCold leader, woken on each append), so at least once,
/// in sequence per order (one order's events one after another, confirmed by the broker before the next),
/// never skipping one. A republish after a crash has the same CloudEvents id.
/// </summary>
public sealed class PublicEventRelay : InOrderRelay
{
    public const string SubscriptionName = "public-events";

    private readonly PublicExchange _exchange;

    public PublicEventRelay(PublicExchange exchange, ILogger<PublicEventRelay> logger) : base(logger)
    {
        _exchange = exchange;
        Name = SubscriptionName;
        IncludeType<PublicOrderEvent>();
    }

    protected override async Task<bool> PublishAsync(IEvent stored, CancellationToken cancellationToken)
    {
        if (stored.Data is not PublicOrderEvent entry) return false;
        await PublishAsync(stored, entry, cancellationToken);
        return true;
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
