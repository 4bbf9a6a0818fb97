namespace PowerMicro.Contracts.Storage;

/// <summary>
/// Names of intake's public journal as stored, shared with the invariant checker (deploy/Check), which reads the
/// stores directly and must tell the journal's copies of events from the services' own events.
/// </summary>
public static class PublicJournalNames
{
    /// <summary>The stored event type (Marten's <c>mt_events.type</c>) of a public journal entry.</summary>
    public const string StoredEventType = "public_order_event";
}
