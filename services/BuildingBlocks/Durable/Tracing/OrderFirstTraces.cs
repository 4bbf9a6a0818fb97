using System.Collections.Concurrent;
using System.Diagnostics;
using Marten;
using PowerMicro.Contracts;

namespace PowerMicro.Durable.Tracing;

/// <summary>
/// Remembers each order's first trace (<see cref="OrderFirstTrace"/>) in this service, finds it, and links spans to it.
/// A first trace never changes, so known ones are cached.
/// </summary>
public sealed class OrderFirstTraces(IDocumentStore store)
{
    private const int CacheLimit = 10_000;
    private readonly ConcurrentDictionary<Guid, ActivityContext> _known = new();

    /// <summary>
    /// Remembers the current span as the order's first trace when OrderReceived is consumed in the trace that took the
    /// order in (the relay publishes it there). A redelivery, or a second consumer of the same message, changes nothing.
    /// </summary>
    public async Task RememberAsync(OrderReceived message, CancellationToken cancellationToken)
    {
        if (Activity.Current is not { } activity || activity.TraceId.ToHexString() != message.TraceId) return;
        if (await FindAsync(message.OrderId, cancellationToken) is not null) return;
        await using var session = store.LightweightSession();
        session.Insert(new OrderFirstTrace { Id = message.OrderId, TraceParent = activity.Id! });
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            // Another instance or consumer remembered it first.
        }
    }

    public async Task<ActivityContext?> FindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(orderId, out var known)) return known;
        await using var session = store.QuerySession();
        var first = await session.LoadAsync<OrderFirstTrace>(orderId, cancellationToken);
        if (first is null || !ActivityContext.TryParse(first.TraceParent, null, out var context)) return null;
        if (_known.Count >= CacheLimit) _known.Clear();
        _known[orderId] = context;
        return context;
    }

    /// <summary>Adds a link to the order's first trace to <paramref name="activity"/>, unless it is in that trace already.</summary>
    public async Task LinkAsync(Activity activity, Guid orderId, CancellationToken cancellationToken)
    {
        if (await FindAsync(orderId, cancellationToken) is { } first && first.TraceId != activity.TraceId)
            activity.AddLink(new ActivityLink(first));
    }
}
