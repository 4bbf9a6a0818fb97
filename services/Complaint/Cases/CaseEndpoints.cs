using JasperFx;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using PowerMicro.Complaint.Deadlines;
using PowerMicro.Complaint.Repeats;
using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Relay;
using PowerMicro.Durable.Resilience;
using PowerMicro.ServiceDefaults.Input;
using PowerMicro.ServiceDefaults.Security;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Complaint.Cases;

/// <summary>The reply body (documented for OpenAPI; the endpoint reads the JSON itself to report every field error).</summary>
public sealed record ReplyRequest(string Reply, bool? Verified);

/// <summary>
/// One case, first contact, and reply. Transitions: contact only from "received"; reply only after the
/// contact ("in-progress") or after a reopening ("reopened"); anything else is 409. Every check runs
/// before anything is appended, so a refused request changes nothing.
/// </summary>
public static class CaseEndpoints
{
    public const int MaxReplyLength = 4000;

    public static void MapCases(this IEndpointRouteBuilder api)
    {
        api.MapGet("/{orderId}", GetCase).WithName("GetComplaint")
            .Produces<CaseView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One complaint or report case with its deadlines");
        api.MapPost("/{orderId}/contact", Contact).WithName("ContactComplainant")
            .Produces<CaseView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Record the first contact with the customer (24-hour promise)");
        api.MapPost("/{orderId}/reply", Reply).WithName("ReplyToComplaint")
            .Accepts<ReplyRequest>("application/json")
            .Produces<CaseView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Reply to the customer: completes the case (OrderCompleted); theft reports say whether verified");
    }

    private static string Who(HttpContext http) => http.Caller()?.User ?? "anonymous";

    private static async Task<IResult> GetCase(string orderId, HttpContext http, IQuerySession session, CancellationToken cancellationToken)
    {
        if (!Requests.TryOrderId(orderId, out var id, out var invalid)) return invalid!;
        if (new QueryInput(http.Request) is { Valid: false } query) return query.Problem();
        var found = await session.LoadAsync<ComplaintCase>(id, cancellationToken);
        if (found is null) return Requests.NotFound(id);
        PowerMicroActivity.TagOrder(id);
        return Results.Ok(CaseView.Of(found));
    }

    private static async Task<IResult> Contact(string orderId, HttpContext http, IDocumentStore store,
        TimeProvider clock)
    {
        if (!Requests.TryOrderId(orderId, out var id, out var invalid)) return invalid!;
        PowerMicroActivity.TagOrder(id);
        var (body, problem) = await JsonBody.ReadAsync(http.Request, required: false);
        if (problem is not null) return problem;
        if (!body!.Valid) return body.Problem();

        return await WithRetry(id, async () =>
        {
            var now = clock.GetUtcNow();
            await using var session = await store.OpenTracedSessionAsync(http.RequestAborted);
            var stream = await session.Events.FetchForWriting<ComplaintCase>(id, http.RequestAborted);
            if (stream.Aggregate is not { } current) return Requests.NotFound(id);
            if (current.Status != CaseStatus.Received)
                return Requests.Conflict("Already contacted",
                    $"The customer of case {id} was contacted at {current.ContactedAt:O}; the case is {current.Status}.");

            var events = new List<object>();
            DeadlineTimers.Keep(session, current, DeadlineNames.Contact, now, events);
            var onTime = current.OpenDeadline(DeadlineNames.Contact) is not { } due || now <= due.DueAt;
            events.Add(new CustomerContacted(Who(http), onTime, now));
            stream.AppendMany(events);
            await session.SaveChangesAsync(http.RequestAborted);
            return Results.Ok(await View(store, id, http.RequestAborted));
        });
    }

    private static async Task<IResult> Reply(string orderId, HttpContext http, IDocumentStore store,
        TimeProvider clock)
    {
        if (!Requests.TryOrderId(orderId, out var id, out var invalid)) return invalid!;
        PowerMicroActivity.TagOrder(id);
        var (body, problem) = await JsonBody.ReadAsync(http.Request, required: true, "reply", "verified");
        if (problem is not null) return problem;
        var reply = body!.Text("reply", required: true, MaxReplyLength, multiline: true);
        var verified = body.Bool("verified");
        if (!body.Valid) return body.Problem();

        return await WithRetry(id, async () =>
        {
            var now = clock.GetUtcNow();
            await using var session = await store.OpenTracedSessionAsync(http.RequestAborted);
            var stream = await session.Events.FetchForWriting<ComplaintCase>(id, http.RequestAborted);
            if (stream.Aggregate is not { } current) return Requests.NotFound(id);
            if (current.IsTheftReport && verified is null)
                return Requests.Invalid("verified", "An electricity-theft report needs \"verified\": true or false.");
            if (!current.IsTheftReport && verified is not null)
                return Requests.Invalid("verified", "Only electricity-theft reports are verified.");
            switch (current.Status)
            {
                case CaseStatus.Received:
                    return Requests.Conflict("Contact the customer first",
                        $"Case {id} has no first contact yet: record it (POST …/contact) before the reply.");
                case CaseStatus.Replied:
                    return Requests.Conflict("Already replied", $"Case {id} was replied at {current.RepliedAt:O} (round {current.Round}).");
            }

            var events = new List<object>();
            DeadlineTimers.Keep(session, current, DeadlineNames.Reply, now, events);
            events.Add(new CaseReplied(current.Kind, current.Subtype, current.Tier, reply!, Who(http), verified, current.Round, now));
            if (current.IsTheftReport && verified == true) events.Add(new RewardDue(current.AccountNo, current.CustomerName, now));
            stream.AppendMany(events);
            if (OrderCatalog.Kind(current.Kind).RepeatRule
                && await session.LoadAsync<ComplaintMatter>(ComplaintMatter.IdOf(current.AccountNo, current.Subtype), http.RequestAborted) is { } matter)
            {
                matter.Closed(id, now);
                session.Store(matter);
            }
            await session.SaveChangesAsync(http.RequestAborted);
            return Results.Ok(await View(store, id, http.RequestAborted));
        });
    }

    /// <summary>
    /// Runs a change on fresh state; when a timer or consumer changed the case (or its matter) in between,
    /// the save fails on the version and the change is decided again on the new state (3 attempts, then 409).
    /// </summary>
    private static async Task<IResult> WithRetry(Guid id, Func<Task<IResult>> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await change();
            }
            catch (Exception ex) when (attempt < 3 && IsConflict(ex))
            {
            }
            catch (Exception ex) when (IsConflict(ex))
            {
                return Requests.Conflict("Changed concurrently", $"Case {id} kept changing while this request was handled; try again.");
            }
        }
    }

    private static bool IsConflict(Exception ex) => PassingFailures.IsConflict(ex);

    private static async Task<CaseView> View(IDocumentStore store, Guid id, CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        return CaseView.Of((await query.LoadAsync<ComplaintCase>(id, cancellationToken))!);
    }
}
