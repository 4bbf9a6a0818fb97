using Marten;
using Npgsql;
using PowerMicro.Contracts;
using PowerMicro.Intake.PublicEvents;
using PowerMicro.ServiceDefaults.Input;
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
    public const int MaxUrl = 2000;

    public static async Task<IResult> Create(HttpContext http, IDocumentStore store, NpgsqlDataSource database, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request, required: true, "url", "filter", "secret", "after");
        if (problem is not null) return problem;
        var url = body!.Text("url", required: true, MaxUrl);
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            body.Errors.Add("url", $"Must be an absolute http or https URL of at most {MaxUrl} characters.");
        var filter = body.Object("filter", required: false, "kind", "type");
        var kind = filter?.OneOf("kind", [.. OrderKinds.Subtypes.Keys], required: false);
        var type = filter?.Text("type", required: false, 100) is { } t ? PublicEventNames.EventNameFromFilter(t) : null;
        if (type is not null && !EventFeedEndpoints.EventNames.Contains(type))
            body.Errors.Add("filter.type", "Must be an event type such as cn.powermicro.sla-breached.v1.");
        var secret = body.Text("secret", required: false, 200);
        if (secret is not null && !WebhookSigner.IsValidSecret(secret))
            body.Errors.Add("secret", "Must be whsec_ and a base64 key of 24 to 64 bytes, or left out to get one.");
        var after = body.Long("after", 0, long.MaxValue);
        if (!body.Valid) return body.Problem("The subscription is not valid.");

        var now = clock.GetUtcNow();
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(now), Url = url!, Kind = kind, Type = type, Secret = secret ?? WebhookSigner.NewSecret(),
            CreatedBy = Owner(http), CreatedAt = now, Cursor = after ?? 0, NextAttemptAt = now,
        };
        await using var session = store.LightweightSession();
        session.Insert(subscription);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Created($"/api/subscriptions/{subscription.Id}", await Describe(subscription, store, database, true, cancellationToken));
    }

    /// <summary>An integrator sees its own subscriptions; a supervisor sees every one (to watch failures and backlogs).</summary>
    public static async Task<IResult> List(HttpContext http, IQuerySession session, IDocumentStore store, NpgsqlDataSource database,
        CancellationToken cancellationToken)
    {
        var query = session.Query<WebhookSubscription>().AsQueryable();
        if (!SeesAll(http))
        {
            var owner = Owner(http);
            query = query.Where(s => s.CreatedBy == owner);
        }
        var all = await query.OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        var described = new List<SubscriptionResponse>();
        foreach (var subscription in all) described.Add(await Describe(subscription, store, database, false, cancellationToken));
        return Results.Ok(described);
    }

    public static async Task<IResult> One(string id, HttpContext http, IQuerySession session, IDocumentStore store, NpgsqlDataSource database,
        CancellationToken cancellationToken)
    {
        if (!RouteId.TryParse(id, "id", "No such subscription.", out var subscriptionId, out var invalid)) return invalid!;
        return await session.LoadAsync<WebhookSubscription>(subscriptionId, cancellationToken) is { } subscription && Visible(http, subscription)
            ? Results.Ok(await Describe(subscription, store, database, false, cancellationToken))
            : NotFound(subscriptionId);
    }

    /// <summary>Only the integrator that created a subscription ends it; another's is "no such subscription".</summary>
    public static async Task<IResult> Delete(string id, HttpContext http, IDocumentStore store, CancellationToken cancellationToken)
    {
        if (!RouteId.TryParse(id, "id", "No such subscription.", out var subscriptionId, out var invalid)) return invalid!;
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<WebhookSubscription>(subscriptionId, cancellationToken) is not { } subscription
            || subscription.CreatedBy != Owner(http))
            return NotFound(subscriptionId);
        session.Delete<WebhookSubscription>(subscriptionId);
        await session.SaveChangesAsync(cancellationToken);
        return Results.NoContent();
    }

    private static string Owner(HttpContext http) => CallerIdentity.From(http)?.User ?? "";

    private static bool SeesAll(HttpContext http) => CallerIdentity.From(http)?.Is(Roles.Supervisor) == true;

    private static bool Visible(HttpContext http, WebhookSubscription subscription) =>
        SeesAll(http) || subscription.CreatedBy == Owner(http);

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
