using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PowerMicro.Complaint.Cases;
using PowerMicro.ServiceDefaults.Input;
using PowerMicro.ServiceDefaults.OpenApi;

namespace PowerMicro.Complaint.Queue;

/// <summary>
/// GET /api/complaints?status=&amp;limit= — the agents' queue in green-channel order: tier A customers first,
/// then the nearest open deadline (a breached one is the nearest), then the oldest. status: received,
/// in-progress, replied, reopened, open (default: everything not replied) or all; limit 1-500 (default 100).
/// </summary>
public static class QueueEndpoint
{
    public const string Open = "open";
    public const string Any = "all";

    public static void MapQueue(this IEndpointRouteBuilder api) => api.MapGet("", List).WithName("ComplaintQueue")
        .Produces<List<CaseView>>().ProducesValidationProblem().WithQuery(Query)
        .WithSummary("The queue: tier A first, then the nearest open deadline (status, limit)");

    private static readonly QueryParameter[] Query =
    [
        new("status", QueryValue.Text, "A case status, open (the default: received, in progress, reopened) or all.",
            [.. CaseStatus.All, Open, Any]),
        new("limit", QueryValue.Integer, "At most this many cases, 1 to 500 (default 100)."),
    ];

    private static async Task<IResult> List(HttpContext http, IQuerySession session)
    {
        var input = new QueryInput(http.Request, Query);
        var status = input.OneOf("status", CaseStatus.All.Append(Open).Append(Any).ToArray());
        var limit = input.Int("limit", 100, 1, 500);
        if (!input.Valid) return input.Problem();
        string[] statuses = status switch
        {
            null or Open => [CaseStatus.Received, CaseStatus.InProgress, CaseStatus.Reopened],
            Any => CaseStatus.All,
            _ => [status],
        };

        var cases = await session.Query<ComplaintCase>()
            .Where(c => c.Status.IsOneOf(statuses))
            .OrderBy(c => c.Lane).ThenBy(c => c.NextDueAt).ThenBy(c => c.ReceivedAt)
            .Take(limit)
            .ToListAsync(http.RequestAborted);
        return Results.Ok(cases.Select(CaseView.Of).ToList());
    }
}
