namespace PowerMicro.ServiceDefaults.Security;

/// <summary>One API route: method, path template ({name} is one segment) and the roles that may call it.</summary>
public sealed record RouteRule(string Method, string Template, IReadOnlyList<string> Roles, string Note = "")
{
    public bool Anonymous => Roles.Count == 0;
    internal string[] Segments { get; } = Template.Trim('/').Split('/');
    internal int Literals => Segments.Count(s => !s.StartsWith('{'));
}

/// <summary>
/// The one table of who may call what under /api. The gateway and every service enforce it with the same
/// code (<see cref="RouteAuthorization"/>): a path not in the table is 404 and a method not listed for a
/// path is 405 for every role; a role not listed is 403. Integrators only read.
/// </summary>
public static class RouteRoles
{
    private static readonly string[] Any = [Roles.Agent, Roles.Crew, Roles.Supervisor, Roles.Integrator];

    public static readonly IReadOnlyList<RouteRule> Table =
    [
        new("POST", "/api/auth/dev-token", [], "anonymous; local runs only"),

        new("POST", "/api/orders", [Roles.Agent]),
        new("GET", "/api/orders", [Roles.Agent, Roles.Supervisor]),
        new("GET", "/api/orders/{orderId}", Any, "customer name and phone: agent, supervisor, the assigned crew; masked otherwise"),
        new("POST", "/api/orders/{orderId}/answer", [Roles.Agent]),
        new("POST", "/api/orders/validate", [Roles.Agent], "the console's as-you-type check; stores nothing"),
        new("GET", "/api/orders/{orderId}/events", [Roles.Integrator, Roles.Supervisor], "the public journal: names and phones masked"),
        new("GET", "/api/events", [Roles.Integrator, Roles.Supervisor], "the public journal: names and phones masked"),
        new("POST", "/api/subscriptions", [Roles.Integrator]),
        new("GET", "/api/subscriptions", [Roles.Integrator, Roles.Supervisor]),
        new("GET", "/api/subscriptions/{id}", [Roles.Integrator, Roles.Supervisor]),
        new("DELETE", "/api/subscriptions/{id}", [Roles.Integrator]),
        new("GET", "/api/console/live", Any, "each watched path is read with the caller's own token"),

        new("GET", "/api/dispatch/work-orders", [Roles.Crew, Roles.Supervisor], "a crew sees its own work orders only"),
        new("GET", "/api/dispatch/work-orders/{orderId}", [Roles.Agent, Roles.Crew, Roles.Supervisor],
            "agents guide customers on the phone; a crew reads its own only"),
        new("POST", "/api/dispatch/work-orders/{orderId}/arrive", [Roles.Crew], "the assigned crew only"),
        new("POST", "/api/dispatch/work-orders/{orderId}/complete", [Roles.Crew], "the assigned crew only"),
        new("POST", "/api/dispatch/work-orders/{orderId}/guide", [Roles.Agent], "the agent on the phone with the customer"),
        new("GET", "/api/dispatch/sla", [Roles.Supervisor]),

        new("GET", "/api/complaints", [Roles.Agent, Roles.Supervisor]),
        new("GET", "/api/complaints/stats", [Roles.Supervisor]),
        new("GET", "/api/complaints/{orderId}", [Roles.Agent, Roles.Supervisor], "the complainant's identity: agents and supervisors only"),
        new("POST", "/api/complaints/{orderId}/contact", [Roles.Agent]),
        new("POST", "/api/complaints/{orderId}/reply", [Roles.Agent]),

        new("GET", "/api/callbacks", [Roles.Agent]),
        new("POST", "/api/callbacks/{callbackId}/attempts", [Roles.Agent]),
        new("GET", "/api/callbacks/compliance", [Roles.Supervisor]),
    ];

    public enum Outcome { NoSuchPath, MethodNotAllowed, Found }

    /// <summary>The rule for a request; of several templates matching a path, the one with the most literal segments.</summary>
    public static (Outcome Outcome, RouteRule? Rule) Find(string method, string path)
    {
        var segments = path.Trim('/').Split('/');
        var candidates = Table.Where(r => Matches(r.Segments, segments)).ToList();
        if (candidates.Count == 0) return (Outcome.NoSuchPath, null);
        var best = candidates.Max(r => r.Literals);
        var forPath = candidates.Where(r => r.Literals == best).ToList();
        var rule = forPath.FirstOrDefault(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase));
        return rule is null ? (Outcome.MethodNotAllowed, null) : (Outcome.Found, rule);
    }

    private static bool Matches(string[] template, string[] segments)
    {
        if (template.Length != segments.Length) return false;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i].StartsWith('{')) { if (segments[i].Length == 0) return false; }
            else if (!string.Equals(template[i], segments[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }
}
