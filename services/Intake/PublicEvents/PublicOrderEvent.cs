using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace PowerMicro.Intake.PublicEvents;

/// <summary>
/// One order event as integrators see it, kept in intake's public journal: a Marten stream per order
/// (<see cref="PublicJournal.StreamOf"/>) whose version is the order's true sequence (1, 2, 3 … across every
/// service) and whose global event sequence is the catch-up cursor. SourceEventId is the id of the event the
/// publishing service stored (the MassTransit message id), so a republish is recognisable. Data is the
/// contract record without its per-service sequence and with personal data masked (<see cref="PersonalData"/>).
/// </summary>
public sealed record PublicOrderEvent(
    Guid SourceEventId, Guid OrderId, string Kind, string Type, string Source, DateTimeOffset OccurredAt, JsonObject Data)
{
    public const string StoredTypeName = PowerMicro.Contracts.Storage.PublicJournalNames.StoredEventType;
}

public static class PublicJournal
{
    private static readonly byte[] Namespace = "powermicro:public-journal:"u8.ToArray();

    /// <summary>The journal stream of an order: a fixed id derived from the order id (apart from the order's own stream).</summary>
    public static Guid StreamOf(Guid orderId)
    {
        var hash = SHA256.HashData([.. Namespace, .. orderId.ToByteArray()]);
        return new Guid(hash.AsSpan(0, 16));
    }
}
