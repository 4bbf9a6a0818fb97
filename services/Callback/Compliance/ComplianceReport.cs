using PowerMicro.ServiceDefaults.Input;
using Marten;
using PowerMicro.Callback.Callbacks;

namespace PowerMicro.Callback.Compliance;

public sealed record ComplianceLine(string Kind, string Subtype, int Completed, int CallbacksRequired, int CallbacksCreated,
    int CallbacksDone, int Unreachable, double? SampledShare, double? SatisfactionRate);

/// <summary>
/// GET /api/callbacks/compliance?from=&amp;to=: for the completions recorded in [from, to), per kind and
/// subtype, computed from the callback event streams (not from counters), so it can be shown to an auditor.
/// SampledShare is tasks created / completions for the sampled inquiry subtypes; SatisfactionRate is
/// (satisfied + basically satisfied) / callbacks that reached the customer.
/// </summary>
public static class ComplianceReport
{
    public static async Task<IResult> Handle(HttpRequest request, IQuerySession session, CancellationToken cancellationToken)
    {
        var input = new QueryInput(request, CommonQuery.Period);
        var start = input.Time("from") ?? Iso8601.Earliest;
        var end = input.Time("to") ?? Iso8601.Latest;
        if (input.Valid && start > end) input.Errors.Add("from", "Must not be after to.");
        if (!input.Valid) return input.Problem();

        var completions = await session.Events.QueryRawEventDataOnly<CompletionRecorded>()
            .Where(c => c.At >= start && c.At < end).ToListAsync(cancellationToken);
        var orders = completions.Select(c => c.OrderId).Distinct().ToArray();
        var created = await session.Events.QueryRawEventDataOnly<CallbackTaskCreated>()
            .Where(t => orders.Contains(t.OrderId)).ToListAsync(cancellationToken);
        var attempts = await session.Events.QueryRawEventDataOnly<CallbackAttemptRecorded>()
            .Where(a => orders.Contains(a.OrderId)).ToListAsync(cancellationToken);
        var closed = await session.Events.QueryRawEventDataOnly<OrderClosedByCallback>()
            .Where(c => orders.Contains(c.OrderId)).ToListAsync(cancellationToken);

        var tasks = created.Select(t => (t.OrderId, t.Round)).ToHashSet();
        var lines = completions.GroupBy(c => (c.Kind, c.Subtype)).OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Subtype).Select(g =>
        {
            var ids = g.Select(c => c.OrderId).ToHashSet();
            var sampled = Rules.CallbackRule.IsSampled(g.Key.Kind, g.Key.Subtype);
            var made = g.Count(c => tasks.Contains((c.OrderId, c.Round)));
            var outcomes = attempts.Where(a => ids.Contains(a.OrderId)).Select(a => a.Outcome).ToList();
            var reached = outcomes.Count(o => o != "unreachable");
            var satisfied = outcomes.Count(o => o is "satisfied" or "basically-satisfied");
            return new ComplianceLine(g.Key.Kind, g.Key.Subtype, g.Count(),
                g.Count(c => c.Need != "None"), made,
                closed.Count(c => ids.Contains(c.OrderId) && c.Reason == "callback-done"),
                closed.Count(c => ids.Contains(c.OrderId) && c.Reason == "unreachable"),
                sampled ? Math.Round((double)made / g.Count(), 4) : null,
                reached == 0 ? null : Math.Round((double)satisfied / reached, 4));
        }).ToList();
        return Results.Ok(lines);
    }
}
