using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;

namespace PowerMicro.Intake.PublicEvents.Contracts;

/// <summary>
/// The closed sets of values that event fields take (by field name), written into the JSON Schemas as enums so
/// integrators can generate exhaustive handling. A service that starts sending a new value adds it here.
/// </summary>
public static class EventValues
{
    public static readonly IReadOnlyDictionary<string, string[]> ByField = new Dictionary<string, string[]>
    {
        ["source"] = ["intake", "dispatch", "complaint", "callback"],
        ["kind"] = [.. OrderKinds.Subtypes.Keys],
        ["subtype"] = [.. OrderKinds.Subtypes.Values.SelectMany(s => s).Distinct()],
        ["channel"] = OrderKinds.Channels,
        ["area"] = OrderKinds.Areas,
        ["tier"] = OrderKinds.Tiers,
        ["specialCare"] = OrderKinds.SpecialCare,
        ["result"] = ["answered", "forwarded", "restored", "customer-side-fault", "referred", "replied"],
        ["outcome"] = ["satisfied", "basically-satisfied", "unsatisfied", "unreachable"],
        ["deadline"] = [.. OrderCatalog.Kinds.SelectMany(k => k.Deadlines).Select(d => d.Name).Distinct(), OrderDeadlines.Callback],
    };

    /// <summary>Values of a field that is named alike in several events but means different things.</summary>
    public static readonly IReadOnlyDictionary<(string Event, string Field), string[]> ByEventField = new Dictionary<(string, string), string[]>
    {
        [("OrderClosed", "reason")] = ["callback-done", "no-callback-required", "unreachable"],
        [("ComplaintEscalated", "reason")] = ["repeat", "sla-breach:contact", "sla-breach:reply"],
    };
}
