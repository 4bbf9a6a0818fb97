using PowerMicro.Contracts;

namespace PowerMicro.Intake.Orders;

/// <summary>
/// An order's priority, 1 (first) to 4. The rule, in order:
/// 1 — a level-1 load customer (一级负荷) or a tier A (VIP) customer, whatever the kind;
/// 2 — a tier B customer or level-2 load; or a repair where power is off or a line is damaged (safety);
/// 3 — any other repair, complaint or report;
/// 4 — business applications and inquiries.
/// Agents' queues and dispatch order by this number (lower first), then by time.
/// </summary>
public static class Priority
{
    public static int For(string kind, string subtype, string tier, int importance) => (kind, subtype, tier, importance) switch
    {
        (_, _, "A", _) or (_, _, _, 1) => 1,
        (_, _, "B", _) or (_, _, _, 2) => 2,
        (OrderKinds.Repair, "no-power" or "line-damage", _, _) => 2,
        (OrderKinds.Repair or OrderKinds.Complaint or OrderKinds.Report, _, _, _) => 3,
        _ => 4,
    };
}
