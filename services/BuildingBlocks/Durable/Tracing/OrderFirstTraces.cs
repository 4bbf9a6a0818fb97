using System.Collections.Concurrent;
using System.Diagnostics;
using Marten;

namespace PowerMicro.Durable.Tracing;

/// <summary>Finds an order's first trace (<see cref="OrderFirstTrace"/>) and links spans to it. A first trace never changes, so found ones are cached.</summary>
public sealed class OrderFirstTraces(IDocumentStore store)
{
    private const int CacheLimit = 10_000;
    private readonly ConcurrentDictionary<Guid, ActivityContext> _found = new();

    public async Task<ActivityContext?> FindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (_found.TryGetValue(orderId, out var known)) return known;
        await using var session = store.QuerySession();
        var first = await session.LoadAsync<OrderFirstTrace>(orderId, cancellationToken);
        if (first is null || !ActivityContext.TryParse(first.TraceParent, null, out var context)) return null;
        if (_found.Count >= CacheLimit) _found.Clear();
        _found[orderId] = context;
        return context;
    }

    /// <summary>Adds a link to the order's first trace to <paramref name="activity"/>, unless it is in that trace already.</summary>
    public async Task LinkAsync(Activity activity, Guid orderId, CancellationToken cancellationToken)
    {
        if (await FindAsync(orderId, cancellationToken) is { } first && first.TraceId != activity.TraceId)
            activity.AddLink(new ActivityLink(first));
    }
}
