using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using PowerMicro.Complaint.Deadlines;
using PowerMicro.Complaint.Repeats;
using PowerMicro.Contracts.Catalog;
using PowerMicro.Contracts;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Relay;
using PowerMicro.Durable.Resilience;
using PowerMicro.Durable.Writing;
using PowerMicro.ServiceDefaults.Input;
using PowerMicro.ServiceDefaults.Security;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Complaint.Cases;

/// <summary>The reply body (documented for OpenAPI; the endpoint reads the JSON itself to report every field error).</summary>
public sealed record ReplyRequest(string Reply, bool? Verified);

/// <summary>One case, first contact, and reply (the transitions: <see cref="CaseDecisions"/>; a refusal is 4xx and changes nothing).</summary>
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

    private static async Task<IResult> Contact(string orderId, HttpContext http, CaseWrites writes)
    {
        if (!Requests.TryOrderId(orderId, out var id, out var invalid)) return invalid!;
        PowerMicroActivity.TagOrder(id);
        var (body, problem) = await JsonBody.ReadAsync(http.Request, required: false);
        if (problem is not null) return problem;
        if (!body!.Valid) return body.Problem();
        return Answer(id, await writes.Contact(id, Who(http), http.RequestAborted));
    }

    private static async Task<IResult> Reply(string orderId, HttpContext http, CaseWrites writes)
    {
        if (!Requests.TryOrderId(orderId, out var id, out var invalid)) return invalid!;
        PowerMicroActivity.TagOrder(id);
        var (body, problem) = await JsonBody.ReadAsync(http.Request, required: true, "reply", "verified");
        if (problem is not null) return problem;
        var reply = body!.Text("reply", required: true, MaxReplyLength, multiline: true);
        var verified = body.Bool("verified");
        if (!body.Valid) return body.Problem();
        return Answer(id, await writes.Reply(id, reply!, Who(http), verified, http.RequestAborted));
    }

    private static IResult Answer(Guid id, WriteResult<ComplaintCase> result) =>
        result.Answer(c => Results.Ok(CaseView.Of(c)), $"Case {id}", () => Requests.NotFound(id));

}
