using System.Collections.Concurrent;
using MassTransit;

namespace PowerMicro.Durable.Messaging.ErrorQueues;

/// <summary>
/// The error queues of this service, learnt from its bus: every durable receive endpoint that becomes
/// ready has one, named after its queue with MassTransit's "_error" suffix (where faulted messages go).
/// Temporary endpoints (the bus's own, auto-deleted) are left out.
/// </summary>
public sealed class ErrorQueueRegistry : IReceiveEndpointObserver
{
    public const string Suffix = "_error";

    private readonly ConcurrentDictionary<string, byte> _queues = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Queues => _queues.Keys.Order(StringComparer.Ordinal).ToArray();

    public Task Ready(ReceiveEndpointReady ready)
    {
        if (QueueOf(ready.InputAddress) is { } queue) _queues.TryAdd(queue + Suffix, 0);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;
    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    /// <summary>The queue of a durable endpoint's input address (rabbitmq://host/vhost/queue?…), else null.</summary>
    public static string? QueueOf(Uri inputAddress)
    {
        var query = inputAddress.Query;
        if (query.Contains("temporary=true", StringComparison.OrdinalIgnoreCase)
            || query.Contains("autodelete=true", StringComparison.OrdinalIgnoreCase)
            || query.Contains("durable=false", StringComparison.OrdinalIgnoreCase))
            return null;
        var queue = Uri.UnescapeDataString(inputAddress.Segments[^1].TrimEnd('/'));
        return queue.Length == 0 ? null : queue;
    }
}
