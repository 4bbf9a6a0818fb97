using System.Diagnostics;
using JasperFx.Events;
using MassTransit;
using Microsoft.Extensions.Logging;
using PowerMicro.Durable.EventStore;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Durable.Relay;

/// <summary>
/// The outbox: publishes the integration event of each stored domain event to RabbitMQ, at least once, in stream
/// order per order, never skipping one (<see cref="InOrderRelay"/>). Each message's id is the stored event's id, so a
/// redelivery is recognisable. Each publish runs in the trace of the request that appended the event.
/// </summary>
public sealed class EventRelaySubscription : InOrderRelay
{
    public const string SubscriptionName = "event-relay";
    public const string SequenceHeader = "PowerMicro-Sequence";

    private readonly IntegrationEventMap _map;
    private readonly IBus _bus;

    public EventRelaySubscription(IntegrationEventMap map, IBus bus, ILogger<EventRelaySubscription> logger) : base(logger)
    {
        _map = map;
        _bus = bus;
        Name = SubscriptionName;
        foreach (var type in map.EventTypes) IncludeType(type);
    }

    protected override async Task<bool> PublishAsync(IEvent stored, CancellationToken cancellationToken)
    {
        if (_map.ToIntegrationEvent(stored) is not { } message) return false;
        await PublishAsync(stored, message, cancellationToken);
        return true;
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
