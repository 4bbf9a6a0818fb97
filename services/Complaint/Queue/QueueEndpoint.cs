using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PowerMicro.Complaint.Cases;

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
        .Produces<List<CaseView>>().ProducesValidationProblem()
        .WithSummary("The queue: tier A first, then the nearest open deadline (status, limit)");

    private static async Task<IResult> List(HttpContext http, IQuerySession session)
    {
        var status = http.Request.Query["status"].ToString();
        var limitText = http.Request.Query["limit"].ToString();
        var errors = new Dictionary<string, List<string>>();
        string[] statuses = status switch
        {
            "" or Open => [CaseStatus.Received, CaseStatus.InProgress, CaseStatus.Reopened],
            Any => CaseStatus.All,
            _ when CaseStatus.All.Contains(status) => [status],
            _ => [],
        };
        if (statuses.Length == 0)
            errors["status"] = [$"Unknown status '{status}': one of {string.Join(", ", CaseStatus.All.Append(Open).Append(Any))}."];
        var limit = 100;
        if (limitText.Length > 0 && (!int.TryParse(limitText, out limit) || limit is < 1 or > 500))
            errors["limit"] = ["The limit is a whole number from 1 to 500."];
        if (errors.Count > 0) return Requests.Invalid(errors);

        var cases = await session.Query<ComplaintCase>()
            .Where(c => c.Status.IsOneOf(statuses))
            .OrderBy(c => c.Lane).ThenBy(c => c.NextDueAt).ThenBy(c => c.ReceivedAt)
            .Take(limit)
            .ToListAsync(http.RequestAborted);
        return Results.Ok(cases.Select(CaseView.Of).ToList());
    }
}
