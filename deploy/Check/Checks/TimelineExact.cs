using PowerMicro.Check.Reading;

namespace PowerMicro.Check.Checks;

/// <summary>
/// Every order view's timeline lists each published event of the order's streams (all four services) exactly once,
/// keyed by service, sequence (the stream version) and type; nothing twice, nothing no stream holds.
/// </summary>
public sealed class TimelineExact : ICheck
{
    public CheckResult Run(CheckContext context)
    {
        var result = new CheckResult("timeline-exact", "order views");
        var snapshot = context.Snapshot;
        foreach (var view in snapshot.Views.Values)
        {
            result.Checked++;
            foreach (var twice in view.Timeline.GroupBy(t => t).Where(g => g.Count() > 1))
                result.Violation(view.OrderId, $"the timeline lists {Describe(twice.Key)} {twice.Count()} times");

            var listed = view.Timeline.ToHashSet();
            foreach (var service in Running.CheckOptions.Services)
            {
                var stream = snapshot.Stream(service, view.OrderId);
                foreach (var stored in stream)
                {
                    if (EventCatalog.PublishedAs(service, stored.Type) is not { } type) continue;
                    var item = new TimelineItem(type, service, stored.Version);
                    if (!listed.Contains(item))
                        result.Missing(context, view.OrderId, $"the timeline misses {Describe(item)}", stored);
                }
                var byVersion = stream.ToDictionary(e => e.Version);
                foreach (var item in view.Timeline.Where(t => t.Service == service).Distinct())
                {
                    if (!byVersion.TryGetValue(item.Sequence, out var stored))
                        result.Violation(view.OrderId, $"the timeline lists {Describe(item)}, which {service}'s stream does not hold");
                    else if (EventCatalog.PublishedAs(service, stored.Type) is { } published && published != item.Type)
                        result.Violation(view.OrderId, $"the timeline lists {Describe(item)}, but {service}'s event {item.Sequence} is {published}");
                }
            }
        }
        return result;
    }

    private static string Describe(TimelineItem item) => $"{item.Type} ({item.Service} #{item.Sequence})";
}
