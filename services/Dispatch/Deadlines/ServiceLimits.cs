using PowerMicro.Contracts.Catalog;
using PowerMicro.Durable.Deadlines;

namespace PowerMicro.Dispatch.Deadlines;

/// <summary>
/// The repair commitments (domain.md, "Time limits"): crew arrival from receipt, restoration from arrival, by area.
/// Each is configuration <c>Deadlines:&lt;Name&gt;&lt;Area&gt;</c> (e.g. <c>Deadlines:ArrivalUrban</c>); the defaults are domain.md's.
/// </summary>
public static class ServiceLimits
{
    public const string Arrival = OrderDeadlines.Arrival;
    public const string Restoration = OrderDeadlines.Restoration;

    public static readonly IReadOnlyDictionary<string, TimeSpan> Defaults = new Dictionary<string, TimeSpan>
    {
        ["ArrivalUrban"] = TimeSpan.FromMinutes(45),
        ["ArrivalRural"] = TimeSpan.FromMinutes(90),
        ["ArrivalRemote"] = TimeSpan.FromMinutes(120),
        ["RestorationUrban"] = TimeSpan.FromHours(3),
        ["RestorationRural"] = TimeSpan.FromHours(4),
        ["RestorationRemote"] = TimeSpan.FromHours(4),
    };

    public static TimeSpan ArrivalLimit(this DeadlineLimits limits, string area) => limits["Arrival" + Pascal(area)];

    public static TimeSpan RestorationLimit(this DeadlineLimits limits, string area) => limits["Restoration" + Pascal(area)];

    private static string Pascal(string area) => area.Length == 0 ? area : char.ToUpperInvariant(area[0]) + area[1..];
}
