using PowerMicro.Check.Reading;
using PowerMicro.Contracts;

namespace PowerMicro.Check.Checks;

/// <summary>
/// No order sits in a state with no possible next step. Waiting for a person (an agent's answer, contact or reply,
/// a crew, a callback attempt) is a next step; these are not:
/// a running deadline (arrival, restoration, contact, reply, callback due) with no timer left to fire it;
/// a work order dispatched or on site, or a case in handling, without its deadline;
/// an order reopened by an unsatisfied callback that no service has taken up again (a business application or
/// inquiry is redone by intake: intake must have recorded something since the reopen).
/// Completions without a callback decision: <see cref="CompletionsCalledBack"/>.
/// </summary>
public sealed class NoStuckOrders : ICheck
{
    public CheckResult Run(CheckContext context)
    {
        var result = new CheckResult("no-stuck-orders", "orders");
        foreach (var (orderId, received) in context.Orders)
        {
            result.Checked++;
            if (context.Snapshot.WorkOrders.TryGetValue(orderId, out var workOrder))
                CheckHandling(context, result, "dispatch", "work order", workOrder,
                    workOrder.Status switch { "dispatched" => "arrival", "on-site" => "restoration", _ => null },
                    workOrder.Status is "completed");
            if (context.Snapshot.Cases.TryGetValue(orderId, out var complaintCase))
                CheckHandling(context, result, "complaint", "case", complaintCase,
                    complaintCase.Status is "received" or "in-progress" or "reopened" ? "reply" : null,
                    complaintCase.Status is "replied");
            if (context.Snapshot.Sagas.TryGetValue(orderId, out var saga))
                CheckCallback(context, result, received, saga);
        }
        return result;
    }

    private static void CheckHandling(CheckContext context, CheckResult result, string service, string what, CaseRow row,
        string? required, bool done)
    {
        var latest = context.Snapshot.Stream(service, row.OrderId).LastOrDefault();
        if (required is not null && !row.Deadlines.Any(d => d.Name == required && d.Round == row.Round))
            result.Missing(context, row.OrderId, $"the {what} is {row.Status} (round {row.Round}) with no {required} deadline", latest);
        if (done) return;
        var timers = context.Snapshot.Stores[service].PendingTimers;
        foreach (var deadline in row.Deadlines.Where(d => !d.Met && !d.Breached && !timers.Contains(d.TokenId)))
            result.Missing(context, row.OrderId,
                $"the {what}'s {deadline.Name} deadline (round {deadline.Round}) has no timer: it can never be breached", latest);
    }

    private static void CheckCallback(CheckContext context, CheckResult result, StoredEvent received, CallbackSagaRow saga)
    {
        var stream = context.Snapshot.Stream("callback", saga.OrderId);
        switch (saga.Status)
        {
            case "open":
                var task = stream.LastOrDefault(e => e.Type == EventCatalog.CallbackTaskCreated);
                var overdue = task is not null && stream.Any(e => e.Type == EventCatalog.CallbackOverdue && e.Version > task.Version);
                if (!overdue && (saga.DueTokenId is not { } token || !context.Snapshot.Stores["callback"].PendingTimers.Contains(token)))
                    result.Missing(context, saga.OrderId, $"the callback task of round {saga.Round} has no due timer: it can never be overdue", task);
                break;
            case "reopened":
                var reopened = stream.LastOrDefault(e => e.Type == EventCatalog.OrderReopenedByCallback);
                if (reopened is null) break;
                var round = reopened.Round ?? saga.Round + 1;
                var takenUp = received.Kind switch
                {
                    OrderKinds.Repair => context.Snapshot.WorkOrders.TryGetValue(saga.OrderId, out var w) && w.Round >= round,
                    OrderKinds.Complaint or OrderKinds.Report => context.Snapshot.Cases.TryGetValue(saga.OrderId, out var c) && c.Round >= round,
                    _ => context.Snapshot.Stream("intake", saga.OrderId).Any(e => e.Timestamp > reopened.Timestamp),
                };
                if (!takenUp)
                    result.Missing(context, saga.OrderId,
                        $"reopened by an unsatisfied callback for round {round}, and {Redoer(received.Kind)} has not taken it up: nothing can redo it", reopened);
                break;
        }
    }

    private static string Redoer(string? kind) => kind switch
    {
        OrderKinds.Repair => "dispatch",
        OrderKinds.Complaint or OrderKinds.Report => "the complaint service",
        _ => $"intake (the {kind}'s handler)",
    };
}
