using System.Diagnostics;
using System.Text.Json;
using Marten;

namespace PowerMicro.Durable.Scheduling;

/// <summary>
/// The outbox for messages a change calls for: written into the change's own session, so they commit with
/// its events or not at all, and no request waits on RabbitMQ. <see cref="ScheduledMessageDispatcher"/>
/// sends each when it is due (at once for <see cref="PublishSoon{T}"/>), at least once.
/// </summary>
public static class SessionScheduling
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Sends <paramref name="message"/> to <paramref name="destination"/> (e.g. queue:dispatch-deadlines) at <paramref name="dueAt"/>; returns the token to cancel it.</summary>
    public static Guid ScheduleSend<T>(this IDocumentSession session, Uri destination, DateTimeOffset dueAt, T message) where T : class =>
        Store(session, destination.ToString(), dueAt, message);

    /// <summary>As above with the caller's token: a schedule of the same token replaces the earlier one.</summary>
    public static Guid ScheduleSend<T>(this IDocumentSession session, Uri destination, DateTimeOffset dueAt, T message, Guid token) where T : class =>
        Store(session, destination.ToString(), dueAt, message, token);

    /// <summary>Publishes <paramref name="message"/> as soon as the change commits.</summary>
    public static Guid PublishSoon<T>(this IDocumentSession session, T message, DateTimeOffset now) where T : class =>
        Store(session, null, now, message);

    /// <summary>
    /// Cancels a scheduled message: the row becomes a marker that is never sent (and wins over a schedule of
    /// the same token still on its way through the scheduler queue), removed a day later.
    /// </summary>
    public static void CancelScheduledSend(this IDocumentSession session, Guid tokenId, DateTimeOffset now) =>
        session.Store(new ScheduledMessage { Id = tokenId, Cancelled = true, DueAt = now.AddDays(1) });

    private static Guid Store<T>(IDocumentSession session, string? destination, DateTimeOffset dueAt, T message, Guid? token = null) where T : class
    {
        var type = message.GetType();
        var row = new ScheduledMessage
        {
            Id = token ?? Guid.NewGuid(),
            DueAt = dueAt,
            Destination = destination,
            MessageType = $"{type.FullName}, {type.Assembly.GetName().Name}",
            Payload = JsonSerializer.Serialize(message, type, Json),
            MessageId = Guid.NewGuid(),
            TraceParent = Activity.Current?.Id,
            OrderId = Tracing.OrderIds.Of(message),
        };
        if (token is null) session.Insert(row);
        else session.Store(row);
        return row.Id;
    }
}
