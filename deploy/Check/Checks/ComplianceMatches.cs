using PowerMicro.Check.Reading;

namespace PowerMicro.Check.Checks;

/// <summary>A line of GET /api/callbacks/compliance (api-contract.md).</summary>
public sealed record ComplianceLine(string Kind, string Subtype, int Completed, int CallbacksRequired, int CallbacksCreated,
    int CallbacksDone, int Unreachable, double? SampledShare, double? SatisfactionRate);

/// <summary>The compliance report as read around the snapshot, or why it could not be read or trusted.</summary>
public sealed record ComplianceReading(IReadOnlyList<ComplianceLine>? Lines, string? Problem, bool ChangedMeanwhile);

/// <summary>
/// The compliance report equals what the streams say: its figures per kind and subtype recomputed here from the
/// handling services' completions (what was completed) and the callback streams (what was decided, made, answered).
/// </summary>
public sealed class ComplianceMatches(ComplianceReading? reading) : ICheck
{
    public CheckResult Run(CheckContext context)
    {
        var result = new CheckResult("compliance-report", "report lines");
        if (reading is null)
        {
            result.Notes.Add("skipped (--callback-url none)");
            return result;
        }
        if (reading.Lines is null)
        {
            result.Violation(null, $"the compliance report could not be read: {reading.Problem}");
            return result;
        }

        // A completion or callback step still settling explains a difference for now.
        var settling = Completions.ByServices(context.Snapshot).Any(c => context.Settling(c.Event))
                       || context.Snapshot.Stores["callback"].Events.Any(context.Settling);
        var expected = Expected(context).ToDictionary(l => (l.Kind, l.Subtype));
        var actual = reading.Lines.ToDictionary(l => (l.Kind, l.Subtype));
        foreach (var key in expected.Keys.Union(actual.Keys).OrderBy(k => k))
        {
            result.Checked++;
            var name = $"{key.Kind}/{key.Subtype}";
            var differences = (expected.GetValueOrDefault(key), actual.GetValueOrDefault(key)) switch
            {
                (null, { } a) => $"the report has a line ({a.Completed} completed) the streams do not",
                ({ } e, null) => $"the report has no line; the streams say {e.Completed} completed",
                var (e, a) => Differences(e!, a!),
            };
            if (differences is null) continue;
            if (reading.ChangedMeanwhile) result.InFlight(null, $"{name}: {differences} (the report changed while read)");
            else if (settling) result.InFlight(null, $"{name}: {differences} (completions still settling)");
            else result.Violation(null, $"{name}: {differences}");
        }
        return result;
    }

    private static string? Differences(ComplianceLine e, ComplianceLine a)
    {
        var parts = new List<string>();
        void Compare<T>(string field, T expected, T actual)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual)) parts.Add($"{field} {actual} in the report, {expected} in the streams");
        }
        Compare("completed", e.Completed, a.Completed);
        Compare("callbacksRequired", e.CallbacksRequired, a.CallbacksRequired);
        Compare("callbacksCreated", e.CallbacksCreated, a.CallbacksCreated);
        Compare("callbacksDone", e.CallbacksDone, a.CallbacksDone);
        Compare("unreachable", e.Unreachable, a.Unreachable);
        Compare("sampledShare", e.SampledShare, a.SampledShare);
        Compare("satisfactionRate", e.SatisfactionRate, a.SatisfactionRate);
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    /// <summary>The report's figures, recomputed (rates rounded to 4 places as the report rounds them).</summary>
    public static IEnumerable<ComplianceLine> Expected(CheckContext context)
    {
        var snapshot = context.Snapshot;
        var recorded = Completions.ByRound(snapshot, EventCatalog.CompletionRecorded);
        var tasks = Completions.ByRound(snapshot, EventCatalog.CallbackTaskCreated);
        var attempts = snapshot.Events("callback", EventCatalog.CallbackAttemptRecorded).ToLookup(e => e.OrderId);
        var closes = snapshot.Events("callback", EventCatalog.OrderClosedByCallback).ToLookup(e => e.OrderId);

        return Completions.ByServices(snapshot)
            .Select(c => (Completion: c, Order: context.Orders.GetValueOrDefault(c.OrderId)))
            .GroupBy(c => (Kind: c.Order?.Kind ?? "", Subtype: c.Order?.Subtype ?? ""))
            .Select(g =>
            {
                var ids = g.Select(c => c.Completion.OrderId).ToHashSet();
                var sampled = CallbackRule.For(g.Key.Kind, g.Key.Subtype, false) == Need.Sampled;
                var required = g.Count(c =>
                    CallbackRule.For(g.Key.Kind, g.Key.Subtype, c.Order?.AppointmentService ?? false) == Need.Required
                    || sampled && recorded[(c.Completion.OrderId, c.Completion.Round)].Any(r => r.Need == nameof(Need.Sampled)));
                var created = g.Count(c => tasks[(c.Completion.OrderId, c.Completion.Round)].Any());
                var outcomes = ids.SelectMany(id => attempts[id]).Select(a => a.Outcome).ToList();
                var reached = outcomes.Count(o => o != "unreachable");
                var satisfied = outcomes.Count(o => o is "satisfied" or "basically-satisfied");
                var closed = ids.SelectMany(id => closes[id]).ToList();
                return new ComplianceLine(g.Key.Kind, g.Key.Subtype, g.Count(), required, created,
                    closed.Count(c => c.Reason == "callback-done"), closed.Count(c => c.Reason == "unreachable"),
                    sampled ? Math.Round((double)created / g.Count(), 4) : null,
                    reached == 0 ? null : Math.Round((double)satisfied / reached, 4));
            });
    }
}
