using Marten;

namespace PowerMicro.Durable.Inbox;

/// <summary>A message a consumer has handled; written in the consumer's own transaction.</summary>
public sealed record HandledMessage(string Id, DateTimeOffset HandledAt);

public static class InboxExtensions
{
    /// <summary>
    /// Records in <paramref name="session"/> that <paramref name="consumer"/> handles <paramref name="messageId"/>,
    /// or returns false if it already did (then the caller changes nothing). Two concurrent deliveries of
    /// one message both pass this check, but only one can commit the record; the other's commit fails
    /// (DocumentAlreadyExistsException), MassTransit retries it, and the retry returns false.
    /// Use a transactional session (<c>store.OpenTracedSessionAsync()</c>) so the record and the effects commit together.
    /// </summary>
    public static async Task<bool> TryBeginHandling(this IDocumentSession session, string consumer, Guid? messageId,
        DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (messageId is null) return true;
        var id = $"{consumer}:{messageId:N}";
        if (await session.LoadAsync<HandledMessage>(id, cancellationToken) is not null) return false;
        session.Insert(new HandledMessage(id, now));
        return true;
    }
}
