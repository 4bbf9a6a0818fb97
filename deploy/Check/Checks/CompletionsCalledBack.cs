using PowerMicro.Check.Reading;

namespace PowerMicro.Check.Checks;

/// <summary>
/// Every completion reached the callback saga once, and got exactly the callback task the rule asks for: one when
/// required, one when sampled and picked, none otherwise (and then the order closed as "no-callback-required").
/// </summary>
public sealed class CompletionsCalledBack : ICheck
{
    public CheckResult Run(CheckContext context)
    {
        var result = new CheckResult("callback-per-completion", "completions");
        var snapshot = context.Snapshot;
        var recorded = Completions.ByRound(snapshot, EventCatalog.CompletionRecorded);
        var tasks = Completions.ByRound(snapshot, EventCatalog.CallbackTaskCreated);
        var completions = Completions.ByServices(snapshot);

        foreach (var completion in completions)
        {
            result.Checked++;
            var (orderId, round) = (completion.OrderId, completion.Round);
            var at = $"completion {round} ({completion.Event.Service})";
            var records = recorded[(orderId, round)].ToList();
            if (records.Count == 0)
            {
                result.Missing(context, orderId, $"{at} never reached the callback saga", completion.Event);
                continue;
            }
            if (records.Count > 1) result.Violation(orderId, $"the callback saga recorded {at} {records.Count} times");

            var record = records[0];
            var order = context.Orders.GetValueOrDefault(orderId);
            var need = CallbackRule.For(order?.Kind ?? record.Kind, order?.Subtype ?? record.Subtype, order?.AppointmentService ?? false);
            var made = tasks[(orderId, round)].Count();
            var picked = need == Need.Required || need == Need.Sampled && record.Need == nameof(Need.Sampled);

            if (need == Need.Required && record.Need != nameof(Need.Required))
                result.Violation(orderId, $"{at} of a {order?.Kind} needs a callback, but the saga decided {record.Need}");
            if (need != Need.Sampled && record.Need == nameof(Need.Sampled))
                result.Violation(orderId, $"{at} was sampled, but a {order?.Kind} {order?.Subtype} is not a sampled subtype");
            if (need == Need.None && record.Need != nameof(Need.None))
                result.Violation(orderId, $"{at} needs no callback, but the saga decided {record.Need}");

            if (picked && made == 0) result.Missing(context, orderId, $"{at} needs a callback task and has none", record);
            if (picked && made > 1) result.Violation(orderId, $"{at} has {made} callback tasks, not one");
            if (!picked && made > 0) result.Violation(orderId, $"{at} needs no callback task but has {made}");
            if (!picked && !snapshot.Stream("callback", orderId).Any(e =>
                    e.Type == EventCatalog.OrderClosedByCallback && e.Reason == "no-callback-required" && e.Version > record.Version))
                result.Missing(context, orderId, $"{at} needs no callback, and the order is not closed", record);
        }

        var madeByServices = completions.Select(c => (c.OrderId, c.Round)).ToHashSet();
        foreach (var unexplained in recorded.Where(g => !madeByServices.Contains(g.Key)))
            result.Violation(unexplained.Key.Item1, $"the callback saga recorded completion {unexplained.Key.Item2}, which no service made");
        foreach (var orphan in tasks.Where(g => !recorded.Contains(g.Key)))
            result.Violation(orphan.Key.Item1, $"a callback task for round {orphan.Key.Item2} has no recorded completion");
        return result;
    }
}
