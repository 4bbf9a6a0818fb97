using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace PowerMicro.Resilience.Tests;

/// <summary>
/// A steady stream of orders (repairs, complaints, reports) through the gateway while a fault is injected:
/// what was sent, accepted, refused (and whether each refusal said 503 with Retry-After), and the slowest answer.
/// </summary>
public sealed class FaultLoad(HttpClient agent)
{
    private static readonly (string Kind, string Subtype)[] Mix =
        [("repair", "no-power"), ("complaint", "service-attitude"), ("report", "misconduct"), ("repair", "line-damage")];

    public ConcurrentDictionary<Guid, string> Accepted { get; } = new();
    public ConcurrentBag<HttpStatusCode> Refused { get; } = [];
    public int Sent => _sent;
    public int RefusedWithoutRetryAfter => _refusedWithoutRetryAfter;
    public TimeSpan Slowest { get; private set; }
    private int _sent, _refusedWithoutRetryAfter;

    public async Task RunAsync(TimeSpan interval, CancellationToken stop)
    {
        var tasks = new List<Task>();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            tasks.Add(OneAsync(n));
            try { await Task.Delay(interval, stop); } catch (OperationCanceledException) { }
        }
        await Task.WhenAll(tasks);
    }

    private async Task OneAsync(int n)
    {
        var (kind, subtype) = Mix[n % Mix.Length];
        Interlocked.Increment(ref _sent);
        var clock = Stopwatch.StartNew();
        var (status, id, retryAfter) = await Orders.TakeAsync(agent, kind, subtype, n);
        lock (this) if (clock.Elapsed > Slowest) Slowest = clock.Elapsed;
        if (id is { } orderId) Accepted[orderId] = kind;
        else
        {
            Refused.Add(status);
            if (retryAfter is null) Interlocked.Increment(ref _refusedWithoutRetryAfter);
        }
    }
}
