using PowerMicro.Check.Reading;

namespace PowerMicro.Check.Checks;

/// <summary>
/// The exact 20% sample: in the callback saga's completions of each sampled inquiry subtype, in the order they were
/// counted (event sequence), every window of 100 consecutive holds 19 to 21 picked; the shared counter agrees with
/// the number of completions.
/// </summary>
public sealed class SamplingWindows : ICheck
{
    public const int Window = 100;
    public const int Least = 19;
    public const int Most = 21;
    private const int ReportedPerSubtype = 5;

    public CheckResult Run(CheckContext context)
    {
        var result = new CheckResult("sampling-windows", "windows of 100");
        var completions = context.Snapshot.Events("callback", EventCatalog.CompletionRecorded)
            .Where(e => e.Kind == Contracts.OrderKinds.Inquiry && CallbackRule.SampledInquiries.Contains(e.Subtype))
            .GroupBy(e => e.Subtype!);
        foreach (var subtype in completions.OrderBy(g => g.Key))
        {
            var ordered = subtype.OrderBy(e => e.SeqId).ToList();
            var picked = ordered.Select(e => e.Need == nameof(Need.Sampled) ? 1 : 0).ToArray();
            var windows = Math.Max(0, ordered.Count - Window + 1);
            result.Checked += windows;
            result.Notes.Add($"{subtype.Key}: {ordered.Count} completions, {picked.Sum()} sampled, {windows} windows");

            var inWindow = picked.Take(Window).Sum();
            var reported = 0;
            for (var start = 0; start < windows; start++)
            {
                if (start > 0) inWindow += picked[start + Window - 1] - picked[start - 1];
                if (inWindow is >= Least and <= Most) continue;
                if (++reported > ReportedPerSubtype) break;
                result.Violation(ordered[start].OrderId,
                    $"{subtype.Key}: completions {start + 1}-{start + Window} (from this order to {ordered[start + Window - 1].OrderId}) hold {inWindow} sampled, not {Least}-{Most}");
            }

            if (context.Snapshot.SamplingCounters.TryGetValue(subtype.Key, out var counter) && counter != ordered.Count)
                result.Violation(null, $"{subtype.Key}: the sampling counter says {counter} completions, the callback streams {ordered.Count}");
        }
        return result;
    }
}
