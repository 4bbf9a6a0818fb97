namespace PowerMicro.Gateway.Security;

/// <summary>The roles a token may carry (claim <see cref="ClaimType"/>) and the policies routes name.</summary>
public static class Roles
{
    public const string ClaimType = "role";
    public const string Agent = "agent";
    public const string Crew = "crew";
    public const string Supervisor = "supervisor";
    public const string Integrator = "integrator";

    public static readonly IReadOnlyList<string> All = [Agent, Crew, Supervisor, Integrator];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);

    /// <summary>Policy names used by ReverseProxy:Routes:*:AuthorizationPolicy ("Default" = any role).</summary>
    public static class Policies
    {
        public const string Agent = "agent";
        public const string Crew = "crew";
        public const string Supervisor = "supervisor";
        public const string AgentOrSupervisor = "agent-or-supervisor";
        public const string CrewOrSupervisor = "crew-or-supervisor";
        public const string Integrator = "integrator";
        public const string IntegratorOrSupervisor = "integrator-or-supervisor";
    }
}
