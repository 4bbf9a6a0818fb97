namespace PowerMicro.Contracts;

/// <summary>The wire names of kinds, subtypes and the other enumerations of an order (../shared/domain.md).</summary>
public static class OrderKinds
{
    public const string Repair = "repair";
    public const string Business = "business";
    public const string Inquiry = "inquiry";
    public const string Complaint = "complaint";
    public const string Report = "report";

    /// <summary>Each kind's subtypes, as <see cref="Catalog.OrderCatalog"/> lists them.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Subtypes =
        Catalog.OrderCatalog.Kinds.ToDictionary(k => k.Name, k => k.SubtypeNames.ToArray());

    public static readonly string[] Channels = ["phone", "counter", "web", "app"];
    public static readonly string[] Areas = ["urban", "rural", "remote"];
    public static readonly string[] Tiers = ["A", "B", "C", "D"];
    public static readonly string[] SpecialCare = ["elderly", "disabled", "living-alone"];
    public static readonly string[] Statuses = ["received", "dispatched", "on-site", "in-progress", "answered", "replied", "completed", "reopened", "closed"];
}
