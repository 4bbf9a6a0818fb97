using JasperFx.Events;

namespace PowerMicro.Durable.Relay;

/// <summary>Where a relayed event came from: the order (its stream), when, its position in the stream, its stable id.</summary>
public sealed record RelayedEvent(Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source, Guid EventId);

/// <summary>
/// Which stored domain events become which integration events (from contracts/). Events without a
/// mapping stay private to the service.
/// </summary>
public sealed class IntegrationEventMap(string source)
{
    private readonly Dictionary<Type, Func<object, RelayedEvent, object?>> _maps = [];

    public string Source { get; } = source;
    public IReadOnlyCollection<Type> EventTypes => _maps.Keys;

    public IntegrationEventMap Map<TEvent>(Func<TEvent, RelayedEvent, object?> map) where TEvent : class
    {
        _maps[typeof(TEvent)] = (data, meta) => map((TEvent)data, meta);
        return this;
    }

    public object? ToIntegrationEvent(IEvent stored) =>
        _maps.TryGetValue(stored.EventType, out var map)
            ? map(stored.Data, new RelayedEvent(stored.StreamId, stored.Timestamp, stored.Version, Source, stored.Id))
            : null;
}
