using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;

namespace PowerMicro.Dispatch.Guidance;

/// <summary>
/// The customer-side fault rule (domain: "guide the customer to self-check first; dispatch only if they cannot
/// fix it or ask for help"). A repair is guided first when its subtype is one the catalog marks
/// <see cref="OrderSubtype.GuidedFirst"/> (<c>meter-fault</c>, <c>other</c>) AND its
/// description points at the customer's own installation (a tripped breaker or leakage switch, a blown fuse, indoor
/// wiring, a socket). Such a work order starts as <c>guiding</c>, without a crew and without an arrival deadline;
/// <c>POST /api/dispatch/work-orders/{id}/guide</c> ends the guidance: <c>self-fixed</c> completes it with result
/// <c>customer-side-fault</c> (and it is called back like every repair), <c>dispatch</c> sends a crew as usual with the
/// arrival deadline running from then. Outages (<c>no-power</c>, <c>partial-outage</c>, <c>line-damage</c>,
/// <c>voltage-problem</c>) are never guided: they may be the grid's fault and are dispatched at once.
/// </summary>
public static class CustomerSideRule
{
    public static readonly string[] GuidedSubtypes =
        [.. OrderCatalog.Kind(OrderKinds.Repair).Subtypes.Where(s => s.GuidedFirst).Select(s => s.Name)];

    public static readonly string[] Indications =
    [
        "breaker", "tripped", "trip switch", "leakage switch", "rcd", "fuse", "indoor", "inside the house", "in my house",
        "own wiring", "household wiring", "socket", "outlet",
        "空开", "跳闸", "漏电", "保险丝", "户内", "家里", "插座", "室内",
    ];

    public static bool IsCustomerSide(string subtype, string? description) =>
        GuidedSubtypes.Contains(subtype)
        && !string.IsNullOrWhiteSpace(description)
        && Indications.Any(i => description.Contains(i, StringComparison.OrdinalIgnoreCase));
}
