using PowerMicro.Check.Reading;
using PowerMicro.Contracts;

namespace PowerMicro.Check.Checks;

/// <summary>
/// Every order reached the service its kind goes to, once: a repair a dispatch work order, a complaint or report a
/// complaint case; no other kind is in either. (Completed orders reaching the callback saga: <see cref="CompletionsCalledBack"/>.)
/// </summary>
public sealed class ReachedService : ICheck
{
    public CheckResult Run(CheckContext context)
    {
        var result = new CheckResult("reached-service", "orders");
        foreach (var (orderId, received) in context.Orders)
        {
            result.Checked++;
            var target = received.Kind switch
            {
                OrderKinds.Repair => "dispatch",
                OrderKinds.Complaint or OrderKinds.Report => "complaint",
                _ => null,
            };
            foreach (var (service, openedType, what) in new[]
                     {
                         ("dispatch", EventCatalog.WorkOrderOpened, "dispatch work order"),
                         ("complaint", EventCatalog.CaseOpened, "complaint case"),
                     })
            {
                var opened = context.Snapshot.Stream(service, orderId).Count(e => e.Type == openedType);
                if (service != target)
                {
                    if (opened > 0) result.Violation(orderId, $"a {received.Kind} order has a {what}");
                }
                else if (opened == 0) result.Missing(context, orderId, $"the {received.Kind} has no {what}", received);
                else if (opened > 1) result.Violation(orderId, $"the {received.Kind} was opened {opened} times in {service}");
            }
        }
        return result;
    }
}
