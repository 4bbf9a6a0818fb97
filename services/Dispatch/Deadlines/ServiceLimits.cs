using PowerMicro.Contracts.Catalog;

namespace PowerMicro.Dispatch.Deadlines;

/// <summary>The repair commitments (domain.md, "Time limits"): crew arrival from receipt, restoration from arrival.</summary>
public static class ServiceLimits
{
    public const string Arrival = OrderDeadlines.Arrival;
    public const string Restoration = OrderDeadlines.Restoration;

    public static TimeSpan ArrivalLimit(string area) => area switch
    {
        "urban" => TimeSpan.FromMinutes(45),
        "rural" => TimeSpan.FromMinutes(90),
        "remote" => TimeSpan.FromMinutes(120),
        _ => throw new ArgumentOutOfRangeException(nameof(area), area, "unknown area"),
    };

    public static TimeSpan RestorationLimit(string area) => area switch
    {
        "urban" => TimeSpan.FromHours(3),
        "rural" or "remote" => TimeSpan.FromHours(4),
        _ => throw new ArgumentOutOfRangeException(nameof(area), area, "unknown area"),
    };
}
