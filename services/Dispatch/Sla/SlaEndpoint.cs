using Marten;
using PowerMicro.Contracts;
using PowerMicro.Dispatch.Deadlines;
using PowerMicro.ServiceDefaults.Input;
using PowerMicro.Dispatch.WorkOrders;
using PowerMicro.ServiceDefaults.OpenApi;

namespace PowerMicro.Dispatch.Sla;

/// <summary>Counts of one deadline kind in one area. OnTimeRate = onTime / decided (met or breached); null when none is decided.</summary>
public sealed record DeadlineStats(int Due, int OnTime, int MetLate, int Breached, int Pending, double? OnTimeRate);

public sealed record AreaSla(string Area, DeadlineStats Arrival, DeadlineStats Restoration);

public sealed record Breach(Guid OrderId, string Number, string Area, string Deadline, int Round, DateTimeOffset DueAt,
    double? LateBySeconds, DateTimeOffset? MetAt, string? Crew, string Tier);

public sealed record SlaReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<AreaSla> Areas, DeadlineStats Arrival,
    DeadlineStats Restoration, IReadOnlyList<Breach> Breaches);

/// <summary>
/// GET /api/dispatch/sla?from=&amp;to= (supervisor): the deadlines falling due in [from, to) (default: the 24 hours up to
/// now), by area: on time, met late, breached, still pending; and every breach. A deadline counts as on time when its
/// step was done by its due time; a breached one is late whether or not its step was done later.
/// </summary>
public static class SlaEndpoint
{
    public static void MapSla(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/dispatch/sla", Get).WithTags("SLA")
            .WithSummary("Arrival and restoration on-time rates by area, and the breaches, for deadlines due in [from, to).")
            .Produces<SlaReport>().ProducesValidationProblem().WithQuery(CommonQuery.Period);

    private static async Task<IResult> Get(HttpRequest request, IQuerySession session, TimeProvider clock)
    {
        var input = new QueryInput(request, CommonQuery.Period);
        var (start, end) = input.Period(clock.GetUtcNow(), TimeSpan.FromDays(1), TimeSpan.FromDays(366));
        if (!input.Valid) return input.Problem();

        var orders = await session.Query<WorkOrder>()
            .Where(w => w.EarliestDueAt != null && w.EarliestDueAt < end && w.LatestDueAt >= start)
            .ToListAsync(request.HttpContext.RequestAborted);
        var deadlines = orders
            .SelectMany(o => o.Deadlines.Where(d => d.DueAt >= start && d.DueAt < end).Select(d => (Order: o, Deadline: d)))
            .ToList();

        DeadlineStats Stats(string name, string? area)
        {
            var set = deadlines.Where(x => x.Deadline.Name == name && (area is null || x.Order.Area == area)).Select(x => x.Deadline).ToList();
            var onTime = set.Count(d => d is { OnTime: true, Breached: false });
            var breached = set.Count(d => d.Breached);
            var late = set.Count(d => d is { OnTime: false, Breached: false });
            var pending = set.Count - onTime - breached - late;
            var decided = onTime + breached + late;
            return new DeadlineStats(set.Count, onTime, late, breached, pending, decided == 0 ? null : Math.Round((double)onTime / decided, 4));
        }

        var report = new SlaReport(start, end,
            OrderKinds.Areas.Select(a => new AreaSla(a, Stats(ServiceLimits.Arrival, a), Stats(ServiceLimits.Restoration, a))).ToList(),
            Stats(ServiceLimits.Arrival, null), Stats(ServiceLimits.Restoration, null),
            deadlines.Where(x => x.Deadline.Breached || x.Deadline.OnTime == false)
                .OrderBy(x => x.Deadline.DueAt)
                .Select(x => new Breach(x.Order.Id, x.Order.Number, x.Order.Area, x.Deadline.Name, x.Deadline.Round, x.Deadline.DueAt,
                    x.Deadline.LateBySeconds, x.Deadline.MetAt, x.Order.Crew, x.Order.Tier))
                .ToList());
        return Results.Ok(report);
    }
}
