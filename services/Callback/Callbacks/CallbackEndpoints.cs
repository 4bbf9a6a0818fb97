using Marten;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Scheduling;
using PowerMicro.ServiceDefaults.Input;
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

    public static readonly QueryParameter[] QueueQuery =
        [new("status", QueryValue.Text, "due (the default: open tasks whose next attempt time has come) or open.", ["due", "open"])];

    /// <summary>GET /api/callbacks?status=due|open: due = open tasks whose next attempt time has come. Tier A first, then due time.</summary>
    public static async Task<IResult> Queue(HttpRequest request, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        var input = new QueryInput(request, QueueQuery);
        var status = input.OneOf("status", ["due", "open"]) ?? "due";
        if (!input.Valid) return input.Problem();
        var now = clock.GetUtcNow();
        var open = session.Query<CallbackState>().Where(s => s.Status == "open");
        if (status == "due") open = open.Where(s => s.NextAttemptAt <= now);
        var tasks = await open.ToListAsync(cancellationToken);
        return Results.Ok(tasks
            .OrderBy(t => t.Tier == "A" ? 0 : 1).ThenBy(t => t.DueAt)
            .Select(t => new CallbackTask(t.CallbackId, t.CorrelationId, t.Kind, t.Subtype, t.Tier, t.DueAt, t.Attempts, t.NextAttemptAt, t.Sampled)));
    }

    /// <summary>POST /api/callbacks/{callbackId}/attempts: checked here, applied by the order's callback saga.</summary>
    public static async Task<IResult> Attempt(string callbackId, HttpContext http, IDocumentStore store,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!RouteId.TryParse(callbackId, "callbackId", "No such callback task.", out var id, out var invalid)) return invalid!;
        var (body, problem) = await JsonBody.ReadAsync(http.Request, required: true, "outcome", "note");
        if (problem is not null) return problem;
        var outcome = body!.OneOf("outcome", Outcomes, required: true);
        var note = body.Text("note", required: false, MaxNote, multiline: true);
        if (!body.Valid) return body.Problem("The attempt is not valid.");
        return await Record(id, outcome!, note, http, store, clock, cancellationToken);
    }

    private static async Task<IResult> Record(Guid callbackId, string outcome, string? note, HttpContext http, IDocumentStore store,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var session = await store.OpenTracedSessionAsync(cancellationToken);
        var task = await session.Query<CallbackState>().FirstOrDefaultAsync(s => s.CallbackId == callbackId, cancellationToken);
        if (task is null)
            return ApiResults.NotFound("No such callback task.");
        PowerMicroActivity.TagOrder(task.CorrelationId);
        if (task.Status != "open")
            return ApiResults.Conflict("The callback task is finished.", $"It ended as {task.Status}.");
        if (task.NextAttemptAt > clock.GetUtcNow())
            return ApiResults.Conflict("The next attempt is not due yet.", $"The customer was unreachable; try again from {task.NextAttemptAt:O}.");

        // Into the outbox, not onto the bus: the answer never waits on RabbitMQ; the saga gets it when it can.
        var now = clock.GetUtcNow();
        session.PublishSoon(new RecordCallbackAttempt(task.CorrelationId, callbackId, outcome, note,
            CallerIdentity.From(http)?.User ?? "unknown", Guid.CreateVersion7(now)), now);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Accepted($"/api/callbacks/{callbackId}", new AttemptAccepted(callbackId, task.CorrelationId, task.Attempts + 1));
    }
}
