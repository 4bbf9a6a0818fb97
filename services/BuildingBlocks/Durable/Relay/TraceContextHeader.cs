using System.Diagnostics;
using JasperFx.Events;
using Marten;

namespace PowerMicro.Durable.Relay;

/// <summary>
/// The W3C trace context of the request that caused an event, stored as a Marten event header so the
/// relay can publish the event inside the same trace.
/// </summary>
public static class TraceContextHeader
{
    public const string Name = "traceparent";

    /// <summary>A session whose appended events remember the current trace (use it for every append).</summary>
    public static IDocumentSession OpenTracedSession(this IDocumentStore store)
    {
        var session = store.LightweightSession();
        session.CaptureTraceContext();
        return session;
    }

    public static void CaptureTraceContext(this IDocumentSession session)
    {
        if (Activity.Current is { } activity) session.SetHeader(Name, activity.Id!);
    }

    public static ActivityContext ParentOf(IEvent stored) =>
        stored.Headers is { } headers && headers.TryGetValue(Name, out var value)
        && ActivityContext.TryParse(value?.ToString(), null, out var parent)
            ? parent
            : default;
}
