using System.Globalization;
using System.Text.Json.Nodes;
using Marten;
using Npgsql;
using PowerMicro.Contracts;
using PowerMicro.ServiceDefaults.Input;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Intake.PublicEvents;

/// <summary>The catch-up feed: the same CloudEvents as on the exchange, in commit order, with a resumable cursor.</summary>
public sealed record EventFeedPage(IReadOnlyList<JsonNode> Events, long Cursor, bool HasMore);

/// <summary>
/// GET /api/events?after=&amp;limit=&amp;kind=&amp;type= and GET /api/orders/{id}/events, read from the public journal.
/// The feed returns only events below Marten's high water mark (every event before it committed), so an event
/// committed late is never behind a cursor already handed out: resuming from the cursor misses nothing.
/// </summary>
public static class EventFeedEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static readonly HashSet<string> EventNames = typeof(IOrderEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IOrderEvent).IsAssignableFrom(t))
        .Select(t => PublicEventNames.EventName(t.Name)).ToHashSet();

    public static readonly QueryParameter[] FeedQuery =
    [
        new("after", QueryValue.Integer, "The cursor of the last event already read (0 or absent: from the start)."),
        new("limit", QueryValue.Integer, $"At most this many events, 1 to {MaxLimit} (default {DefaultLimit})."),
        new("kind", QueryValue.Text, "Only events of orders of this kind.", [.. OrderKinds.Subtypes.Keys]),
        new("type", QueryValue.Text, "Only events of this type: a CloudEvents type (cn.powermicro.order-dispatched.v1) or its name (order-dispatched)."),
    ];

    public static async Task<IResult> Feed(HttpRequest request, IDocumentStore store, NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var input = new QueryInput(request, FeedQuery);
        var after = input.Long("after", 0, 0, long.MaxValue);
        var limit = input.Int("limit", DefaultLimit, 1, MaxLimit);
        var kind = input.OneOf("kind", [.. OrderKinds.Subtypes.Keys]);
        var type = input.Text("type") is { } t ? PublicEventNames.EventNameFromFilter(t) : null;
        if (type is not null && !EventNames.Contains(type))
            input.Errors.Add("type", $"Must be an event type such as cn.powermicro.order-dispatched.v1 or order-dispatched; known: {string.Join(", ", EventNames.Order())}.");
        if (!input.Valid) return input.Problem("The feed's parameters are not valid.");

        var page = await PublicJournalReader.ReadAsync(store, database, after, limit, kind, type is null ? null : ContractTypeOf(type), cancellationToken);
        return Results.Ok(new EventFeedPage(page.Events.Select(e => PublicCloudEvents.ToJson(e.CloudEvent)).ToList(), page.Cursor, page.HasMore));
    }

    public static async Task<IResult> OfOrder(Guid orderId, IQuerySession session, CancellationToken cancellationToken)
    {
        PowerMicroActivity.TagOrder(orderId);
        if (await session.LoadAsync<OrderView.OrderView>(orderId, cancellationToken) is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such order.", detail: $"Order {orderId} is unknown.");
        var stored = await session.Events.FetchStreamAsync(PublicJournal.StreamOf(orderId), token: cancellationToken);
        return Results.Ok(stored.Where(e => e.Data is PublicOrderEvent)
            .Select(e => PublicCloudEvents.ToJson(PublicCloudEvents.From((PublicOrderEvent)e.Data, e.Version, e.Sequence))).ToList());
    }

    /// <summary>order-dispatched → OrderDispatched (the stored journal keeps the contract's type name).</summary>
    public static string ContractTypeOf(string eventName) =>
        string.Concat(eventName.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
