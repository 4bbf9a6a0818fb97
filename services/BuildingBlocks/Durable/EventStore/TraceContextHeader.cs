using System.Diagnostics;
using JasperFx.Events;
using Marten;

namespace PowerMicro.Durable.EventStore;

/// <summary>
/// The W3C trace context of the request that caused an event, stored as a Marten event header so the
/// relay can publish the event inside the same trace.
/// </summary>
public static class TraceContextHeader
{
    public const string Name = "traceparent";

    /// <summary>
    /// A write session in an explicit transaction whose appended events remember the current trace (use it
    /// for every append). The transaction matters: without one, Marten 9.58 runs a unit of work that spans
    /// several command pages (e.g. events plus a queued SQL command) page by page, so a failure can leave
    /// the first pages committed (tests/PowerMicro.Durable.Tests: When_a_unit_of_work_fails).
    /// </summary>
    public static async Task<IDocumentSession> OpenTracedSessionAsync(this IDocumentStore store, CancellationToken cancellationToken = default)
    {
        var session = store.LightweightSession();
        session.CaptureTraceContext();
        await session.BeginTransactionAsync(cancellationToken);
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
