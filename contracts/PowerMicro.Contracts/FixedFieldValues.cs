namespace PowerMicro.Contracts;

/// <summary>The public API's fields whose values are fixed, by JSON property name (the services document them as enums).</summary>
public static class FixedFieldValues
{
    public static readonly IReadOnlyDictionary<string, string[]> ByJsonName = new Dictionary<string, string[]>
    {
        ["kind"] = [.. OrderKinds.Subtypes.Keys],
        ["subtype"] = [.. OrderKinds.Subtypes.Values.SelectMany(s => s).Distinct()],
        ["channel"] = OrderKinds.Channels,
        ["area"] = OrderKinds.Areas,
        ["tier"] = OrderKinds.Tiers,
        ["outcome"] = ["satisfied", "basically-satisfied", "unsatisfied", "unreachable"],
    };
}
