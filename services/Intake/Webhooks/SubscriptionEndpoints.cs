using System.Text.Json;
using Marten;
using Npgsql;
using PowerMicro.Contracts;
using PowerMicro.Intake.PublicEvents;
using PowerMicro.ServiceDefaults.Security;

namespace PowerMicro.Intake.Webhooks;

public sealed record SubscriptionFilter(string? Kind, string? Type);

public sealed record SubscriptionRequest(string Url, SubscriptionFilter? Filter, string? Secret, long? After);

/// <summary>A subscription as its owner sees it; the secret only in the answer to its creation.</summary>
public sealed record SubscriptionResponse(Guid Id, string Url, SubscriptionFilter Filter, string? Secret, long Cursor, long Delivered,
    long Backlog, int Failures, long TotalFailures, string? LastError, DateTimeOffset? LastAttemptAt, DateTimeOffset? LastDeliveredAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset CreatedAt);

/// <summary>POST/GET /api/subscriptions, GET/DELETE /api/subscriptions/{id}: webhooks for integrators without a broker.</summary>
public static class SubscriptionEndpoints
{
    public static async Task<IResult> Create(HttpContext http, IDocumentStore store, NpgsqlDataSource database, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        SubscriptionRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<SubscriptionRequest>(http.Request.Body, JsonSerializerOptions.Web, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not valid JSON.", detail: ex.Message);
        }
        var errors = new Dictionary<string, string[]>();
        if (request?.Url is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || url.Length > 2000)
            errors["url"] = ["Required: an absolute http or https URL of at most 2000 characters."];
        var kind = request?.Filter?.Kind;
        if (kind is not null && !OrderKinds.Subtypes.ContainsKey(kind)) errors["filter.kind"] = [$"Must be one of: {string.Join(", ", OrderKinds.Subtypes.Keys)}."];
        var type = request?.Filter?.Type is { } t ? PublicEventNames.EventNameFromFilter(t) : null;
        if (type is not null && !EventFeedEndpoints.EventNames.Contains(type)) errors["filter.type"] = ["Must be an event type such as cn.powermicro.sla-breached.v1."];
        if (request?.Secret is { } secret && !WebhookSigner.IsValidSecret(secret)) errors["secret"] = ["Must be whsec_ and a base64 key of 24 to 64 bytes, or left out to get one."];
        if (request?.After is < 0) errors["after"] = ["Must be a feed cursor (0 or more)."];
        if (errors.Count > 0) return Results.ValidationProblem(errors, title: "The subscription is not valid.");

        var now = clock.GetUtcNow();
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(now), Url = request!.Url, Kind = kind, Type = type, Secret = request.Secret ?? WebhookSigner.NewSecret(),
            CreatedBy = CallerIdentity.From(http)?.User ?? "unknown", CreatedAt = now, Cursor = request.After ?? 0, NextAttemptAt = now,
        };
        await using var session = store.LightweightSession();
        session.Insert(subscription);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Created($"/api/subscriptions/{subscription.Id}", await Describe(subscription, store, database, true, cancellationToken));
    }

    public static async Task<IResult> List(IQuerySession session, IDocumentStore store, NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var all = await session.Query<WebhookSubscription>().OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        var described = new List<SubscriptionResponse>();
        foreach (var subscription in all) described.Add(await Describe(subscription, store, database, false, cancellationToken));
        return Results.Ok(described);
    }

    public static async Task<IResult> One(Guid id, IQuerySession session, IDocumentStore store, NpgsqlDataSource database, CancellationToken cancellationToken) =>
        await session.LoadAsync<WebhookSubscription>(id, cancellationToken) is { } subscription
            ? Results.Ok(await Describe(subscription, store, database, false, cancellationToken))
            : NotFound(id);

    public static async Task<IResult> Delete(Guid id, IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<WebhookSubscription>(id, cancellationToken) is null) return NotFound(id);
        session.Delete<WebhookSubscription>(id);
        await session.SaveChangesAsync(cancellationToken);
        return Results.NoContent();
    }

    private static IResult NotFound(Guid id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such subscription.", detail: $"Subscription {id} is unknown.");

    private static async Task<SubscriptionResponse> Describe(WebhookSubscription s, IDocumentStore store, NpgsqlDataSource database, bool withSecret,
        CancellationToken cancellationToken)
    {
        var backlog = await PublicJournalReader.CountAfterAsync(store, database, s.Cursor, s.Kind,
            s.Type is null ? null : EventFeedEndpoints.ContractTypeOf(s.Type), cancellationToken);
        return new SubscriptionResponse(s.Id, s.Url, new SubscriptionFilter(s.Kind, s.Type is null ? null : PublicEventNames.CloudEventType(EventFeedEndpoints.ContractTypeOf(s.Type))),
            withSecret ? s.Secret : null, s.Cursor, s.Delivered, backlog, s.Failures, s.TotalFailures, s.LastError, s.LastAttemptAt, s.LastDeliveredAt,
            s.NextAttemptAt, s.CreatedAt);
    }
}
