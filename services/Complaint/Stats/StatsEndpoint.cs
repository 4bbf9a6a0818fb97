using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PowerMicro.Complaint.Cases;
using PowerMicro.Complaint.Deadlines;
using PowerMicro.Contracts;
using PowerMicro.ServiceDefaults.Input;
using PowerMicro.ServiceDefaults.OpenApi;

namespace PowerMicro.Complaint.Stats;

/// <summary>Complaints:CustomerCount — the customers served, for complaints per 1,000 customers (unset: not reported).</summary>
public sealed class StatsOptions
{
    public int? CustomerCount { get; set; }
}

public sealed record DeadlineFigures(int Decided, int OnTime, int Late, int Breached, double? OnTimeRate);

public sealed record ComplaintStats(
    DateTimeOffset From, DateTimeOffset To, int Complaints, int Reports, int Replied,
    DeadlineFigures Contact, DeadlineFigures Reply, int Repeats, int Escalations,
    IReadOnlyDictionary<string, int> EscalationsByReason, int? CustomerCount, double? ComplaintsPer1000Customers,
    int TheftReportsVerified, int RewardsDue);

/// <summary>
/// GET /api/complaints/stats?from=&amp;to= — figures over the cases received in [from, to) (ISO 8601; default
/// the 30 days up to now). A deadline counts once it is decided: met (on time or late) or breached; the
/// on-time rate is met-on-time / decided (null when nothing is decided). Reply figures count every round.
/// </summary>
public static class StatsEndpoint
{
    public static void MapStats(this IEndpointRouteBuilder api) => api.MapGet("/stats", Get).WithName("ComplaintStats")
        .Produces<ComplaintStats>().ProducesValidationProblem().WithQuery(CommonQuery.Period)
        .WithSummary("Supervisor figures over cases received in [from, to)");

    private static async Task<IResult> Get(HttpContext http, IQuerySession session, TimeProvider clock, IOptions<StatsOptions> options)
    {
        var input = new QueryInput(http.Request, CommonQuery.Period);
        var (from, to) = input.Period(clock.GetUtcNow(), TimeSpan.FromDays(30), TimeSpan.FromDays(3660));
        if (!input.Valid) return input.Problem();

        var cases = await session.Query<ComplaintCase>()
            .Where(c => c.ReceivedAt >= from && c.ReceivedAt < to)
            .ToListAsync(http.RequestAborted);
        var complaints = cases.Count(c => c.Kind == OrderKinds.Complaint);
        var customers = options.Value.CustomerCount is > 0 ? options.Value.CustomerCount : null;
        return Results.Ok(new ComplaintStats(
            from, to, complaints, cases.Count(c => c.Kind == OrderKinds.Report), cases.Count(c => c.Status == CaseStatus.Replied),
            Figures(cases, DeadlineNames.Contact), Figures(cases, DeadlineNames.Reply),
            cases.Count(c => c.Repeat), cases.Count(c => c.Supervised),
            cases.SelectMany(c => c.SupervisionReasons).GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count()),
            customers, customers is { } n ? Math.Round(complaints * 1000.0 / n, 4) : null,
            cases.Count(c => c.IsTheftReport && c.Verified == true), cases.Count(c => c.RewardDue)));
    }

    private static DeadlineFigures Figures(IEnumerable<ComplaintCase> cases, string name)
    {
        var deadlines = cases.SelectMany(c => c.Deadlines).Where(d => d.Name == name).ToList();
        var decided = deadlines.Count(d => d.MetAt is not null || d.BreachedAt is not null);
        var onTime = deadlines.Count(d => d.OnTime == true);
        return new DeadlineFigures(decided, onTime, decided - onTime, deadlines.Count(d => d.BreachedAt is not null),
            decided == 0 ? null : Math.Round((double)onTime / decided, 4));
    }
}
