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
    private readonly ConcurrentDictionary<Guid, Task> _remembering = new();

    /// <summary>
    /// Remembers the current span as the order's first trace when OrderReceived is consumed in the trace that took the
    /// order in (the relay publishes it there). A redelivery, or a second consumer of the same message, changes nothing.
    /// </summary>
    public async Task RememberAsync(OrderReceived message, CancellationToken cancellationToken)
    {
        if (Activity.Current is not { } activity || activity.TraceId.ToHexString() != message.TraceId) return;
        // Every consumer of OrderReceived in this process remembers it at the same moment: one of them writes, the
        // others wait for it (a racing insert would wait on the unique index, fail and roll back).
        var remembering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_remembering.TryAdd(message.OrderId, remembering.Task))
        {
            // The other consumer's failure is its own to retry; this one goes on either way.
            if (_remembering.TryGetValue(message.OrderId, out var other)) await other.WaitAsync(cancellationToken);
            return;
        }
        try
        {
            await RememberFirstAsync(message.OrderId, activity, cancellationToken);
        }
        finally
        {
            _remembering.TryRemove(message.OrderId, out _);
            remembering.SetResult();
        }
    }

    private async Task RememberFirstAsync(Guid orderId, Activity activity, CancellationToken cancellationToken)
    {
        if (await FindAsync(orderId, cancellationToken) is not null) return;
        await using var session = store.LightweightSession();
        session.Insert(new OrderFirstTrace { Id = orderId, TraceParent = activity.Id! });
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            Cache(orderId, activity.Context);
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
        Cache(orderId, context);
        return context;
    }

    private void Cache(Guid orderId, ActivityContext context)
    {
        if (_known.Count >= CacheLimit) _known.Clear();
        _known[orderId] = context;
    }

    /// <summary>Adds a link to the order's first trace to <paramref name="activity"/>, unless it is in that trace already.</summary>
    public async Task LinkAsync(Activity activity, Guid orderId, CancellationToken cancellationToken)
    {
        if (await FindAsync(orderId, cancellationToken) is { } first && first.TraceId != activity.TraceId)
            activity.AddLink(new ActivityLink(first));
    }
}
