using PowerMicro.Check.Reading;

namespace PowerMicro.Check.Checks;

/// <summary>
/// Every accepted order has exactly one OrderReceived (intake's stream starts with it, once) and an order view;
/// no view and no other service's stream belongs to an order intake never took.
/// </summary>
public sealed class ReceivedOnce : ICheck
{
    public CheckResult Run(CheckContext context)
    {
        var result = new CheckResult("received-once", "orders");
        var snapshot = context.Snapshot;
        var intakeStreams = snapshot.Stores["intake"].Events.GroupBy(e => e.OrderId).ToList();
        foreach (var stream in intakeStreams)
        {
            result.Checked++;
            var received = stream.Count(e => e.Type == EventCatalog.OrderTaken);
            if (received != 1) result.Violation(stream.Key, $"intake's stream holds {received} OrderReceived events, not one");
            if (!snapshot.Views.ContainsKey(stream.Key)) result.Violation(stream.Key, "intake took the order but has no order view of it");
        }

        var taken = context.Orders;
        foreach (var view in snapshot.Views.Keys.Where(id => !taken.ContainsKey(id)))
            result.Violation(view, "an order view exists for an order intake never took");
        foreach (var service in new[] { "dispatch", "complaint", "callback" })
        foreach (var orphan in snapshot.Stores[service].Events.Select(e => e.OrderId).Distinct().Where(id => !taken.ContainsKey(id)))
            result.Violation(orphan, $"{service} has a stream for an order intake never took");
        return result;
    }
}
