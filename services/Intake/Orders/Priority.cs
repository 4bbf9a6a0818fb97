using PowerMicro.Contracts.Catalog;

namespace PowerMicro.Intake.Orders;

/// <summary>
/// An order's priority, 1 (first) to 4. The rule, in order:
/// 1 — a level-1 load customer (一级负荷) or a tier A (VIP) customer, whatever the kind;
/// 2 — a tier B customer or level-2 load; or a safety subtype (a repair where power is off or a line is damaged);
/// otherwise the kind's priority in the catalog: 3 for repairs, complaints and reports, 4 for business and inquiries.
/// Agents' queues and dispatch order by this number (lower first), then by time.
/// </summary>
public static class Priority
{
    public static int For(string kind, string subtype, string tier, int importance) => (tier, importance) switch
    {
        ("A", _) or (_, 1) => 1,
        ("B", _) or (_, 2) => 2,
        _ => OrderCatalog.PriorityOf(kind, subtype),
    };
}
