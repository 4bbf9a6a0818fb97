using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten;
using PowerMicro.Contracts;

namespace PowerMicro.Intake.PublicEvents;

/// <summary>
/// Appends an order event to the public journal in the caller's session, so it commits with the change that
/// caused it (intake's own events) or with the order view's update (every other service's events, applied
/// one order at a time). The journal stream's version, assigned by PostgreSQL under the stream's row lock,
/// is the order's sequence.
/// </summary>
public static class PublicJournalWriter
{
    public static PublicOrderEvent Record(this IDocumentSession session, IOrderEvent message, string contractType, string kind, Guid sourceEventId)
    {
        var data = JsonSerializer.SerializeToNode(message, message.GetType(), PublicEventNames.Json)!.AsObject();
        data.Remove("sequence");
        PersonalData.Mask(data);
        var entry = new PublicOrderEvent(sourceEventId, message.OrderId, kind, contractType, message.Source, message.OccurredAt, data);
        session.Events.Append(PublicJournal.StreamOf(message.OrderId), entry);
        return entry;
    }
}

public static class PendingEvents
{
    /// <summary>The id Marten gave an event appended in this session (not yet saved): the id the relay will publish it under.</summary>
    public static Guid PendingEventId(this IDocumentSession session, object data) =>
        session.PendingChanges.Streams().SelectMany(s => s.Events).First(e => ReferenceEquals(e.Data, data)).Id;

    /// <summary>
    /// The version an event appended in this session takes in its stream when the session saves: the sequence
    /// the relay publishes it with. Read from the pending stream (started, or appended at a known version).
    /// </summary>
    public static long PendingSequence(this IDocumentSession session, object data)
    {
        var stream = session.PendingChanges.Streams().First(s => s.Events.Any(e => ReferenceEquals(e.Data, data)));
        var before = stream.ActionType == StreamActionType.Start ? 0
            : stream.ExpectedVersionOnServer ?? throw new InvalidOperationException("Appended without a known stream version (fetch it for writing first).");
        return before + 1 + stream.Events.TakeWhile(e => !ReferenceEquals(e.Data, data)).Count();
    }
}
