using System.Diagnostics;
using Marten;

namespace PowerMicro.Durable.Tracing;

/// <summary>
/// Where the order's life began: a span of the trace of the request that took it in (W3C traceparent), kept in every
/// service's own schema (intake writes it with the order, the others when OrderReceived reaches them, which happens
/// in that same trace), so later requests and timers about the order link to it.
/// </summary>
public sealed class OrderFirstTrace
{
    public Guid Id { get; set; }
    public string TraceParent { get; set; } = "";

    /// <summary>Remembers the current span as the order's first trace, in the session of the change that takes the order in.</summary>
    public static void RememberIn(IDocumentSession session, Guid orderId)
    {
        if (Activity.Current?.Id is { } traceParent) session.Store(new OrderFirstTrace { Id = orderId, TraceParent = traceParent });
    }
}
