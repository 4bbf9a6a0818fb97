namespace PowerMicro.ServiceDefaults.Security;

/// <summary>The roles a token may carry (claim <see cref="ClaimType"/>); a crew token also names its crew (claim <see cref="CrewClaimType"/>).</summary>
public static class Roles
{
    public const string ClaimType = "role";
    public const string CrewClaimType = "crew";
    public const string Agent = "agent";
    public const string Crew = "crew";
    public const string Supervisor = "supervisor";
    public const string Integrator = "integrator";

    public static readonly IReadOnlyList<string> All = [Agent, Crew, Supervisor, Integrator];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
