namespace PowerMicro.Contracts;

/// <summary>The wire names of kinds, subtypes and the other enumerations of an order (../shared/domain.md).</summary>
public static class OrderKinds
{
    public const string Repair = "repair";
    public const string Business = "business";
    public const string Inquiry = "inquiry";
    public const string Complaint = "complaint";
    public const string Report = "report";

    public static readonly IReadOnlyDictionary<string, string[]> Subtypes = new Dictionary<string, string[]>
    {
        [Repair] = ["no-power", "partial-outage", "voltage-problem", "meter-fault", "line-damage", "other"],
        [Business] = ["new-connection", "capacity-increase", "capacity-decrease", "suspension", "temporary-replacement",
            "temporary-removal", "meter-removal", "account-closure", "meter-relocation", "voltage-change", "tariff-change", "reconnection"],
        [Inquiry] = ["outage-info", "policy", "bill", "meter-reading", "safety", "other"],
        [Complaint] = ["service-attitude", "service-efficiency", "power-quality", "outage", "billing", "construction", "other"],
        [Report] = ["electricity-theft", "misconduct", "other"],
    };

    public static readonly string[] Channels = ["phone", "counter", "web", "app"];
    public static readonly string[] Areas = ["urban", "rural", "remote"];
    public static readonly string[] Tiers = ["A", "B", "C", "D"];
    public static readonly string[] SpecialCare = ["elderly", "disabled", "living-alone"];
    public static readonly string[] Statuses = ["received", "dispatched", "on-site", "in-progress", "answered", "replied", "completed", "reopened", "closed"];
}
