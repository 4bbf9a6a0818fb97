using System.Text.Json;
using Marten;
using PowerMicro.Durable.Relay;
using PowerMicro.Durable.Scheduling;
using PowerMicro.ServiceDefaults.Security;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Callback.Callbacks;

public sealed record CallbackTask(Guid CallbackId, Guid OrderId, string Kind, string Subtype, string Tier, DateTimeOffset DueAt,
    int Attempts, DateTimeOffset NextAttemptAt, bool Sampled);

public sealed record AttemptRequest(string Outcome, string? Note);

public sealed record AttemptAccepted(Guid CallbackId, Guid OrderId, int Attempt);

/// <summary>The agents' callback queue and their attempts.</summary>
public static class CallbackEndpoints
{
    public static readonly string[] Outcomes = ["satisfied", "basically-satisfied", "unsatisfied", "unreachable"];
    public const int MaxNote = 1000;

    /// <summary>GET /api/callbacks?status=due|open: due = open tasks whose next attempt time has come. Tier A first, then due time.</summary>
    public static async Task<IResult> Queue(string? status, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        status ??= "due";
        if (status is not ("due" or "open"))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Must be due or open."] });
        var now = clock.GetUtcNow();
        var open = session.Query<CallbackState>().Where(s => s.Status == "open");
        if (status == "due") open = open.Where(s => s.NextAttemptAt <= now);
        var tasks = await open.ToListAsync(cancellationToken);
        return Results.Ok(tasks
            .OrderBy(t => t.Tier == "A" ? 0 : 1).ThenBy(t => t.DueAt)
            .Select(t => new CallbackTask(t.CallbackId, t.CorrelationId, t.Kind, t.Subtype, t.Tier, t.DueAt, t.Attempts, t.NextAttemptAt, t.Sampled)));
    }

    /// <summary>POST /api/callbacks/{callbackId}/attempts: checked here, applied by the order's callback saga.</summary>
    public static async Task<IResult> Attempt(Guid callbackId, HttpContext http, IDocumentStore store,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        string? outcome = null, note = null;
        var errors = new Dictionary<string, string[]>();
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
            var root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object) errors["body"] = ["Must be a JSON object."];
            else
            {
                if (root.TryGetProperty("outcome", out var o) && o.ValueKind == JsonValueKind.String && Outcomes.Contains(o.GetString()))
                    outcome = o.GetString();
                else errors["outcome"] = [$"Required, one of: {string.Join(", ", Outcomes)}."];
                if (root.TryGetProperty("note", out var n) && n.ValueKind != JsonValueKind.Null)
                {
                    if (n.ValueKind != JsonValueKind.String || n.GetString()!.Length > MaxNote) errors["note"] = [$"Text of at most {MaxNote} characters."];
                    else note = n.GetString();
                }
            }
        }
        catch (JsonException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not valid JSON.", detail: ex.Message);
        }
        if (errors.Count > 0) return Results.ValidationProblem(errors, title: "The attempt is not valid.");

        await using var session = await store.OpenTracedSessionAsync(cancellationToken);
        var task = await session.Query<CallbackState>().FirstOrDefaultAsync(s => s.CallbackId == callbackId, cancellationToken);
        if (task is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such callback task.");
        PowerMicroActivity.TagOrder(task.CorrelationId);
        if (task.Status != "open")
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The callback task is finished.", detail: $"It ended as {task.Status}.");
        if (task.NextAttemptAt > clock.GetUtcNow())
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The next attempt is not due yet.",
                detail: $"The customer was unreachable; try again from {task.NextAttemptAt:O}.");

        // Into the outbox, not onto the bus: the answer never waits on RabbitMQ; the saga gets it when it can.
        session.PublishSoon(new RecordCallbackAttempt(task.CorrelationId, callbackId, outcome!, note,
            CallerIdentity.From(http)?.User ?? "unknown"), clock.GetUtcNow());
        await session.SaveChangesAsync(cancellationToken);
        return Results.Accepted($"/api/callbacks/{callbackId}", new AttemptAccepted(callbackId, task.CorrelationId, task.Attempts + 1));
    }
}
