namespace PowerMicro.Gateway.Tests;

/// <summary>A gateway with its appsettings.json limits (and dev tokens off, as by default) for a test class.</summary>
public class DefaultGateway : IAsyncLifetime
{
    public GatewayRig Rig { get; private set; } = null!;
    protected virtual IDictionary<string, string?> Overrides => new Dictionary<string, string?>();
    protected virtual string[] ServicesDown => [];

    public async Task InitializeAsync() => Rig = await GatewayRig.StartAsync(Overrides, ServicesDown);
    public async Task DisposeAsync() => await Rig.DisposeAsync();
}

/// <summary>
/// The contract's routes (api-contract.md) and the roles each admits, as documented in the README's role table;
/// written out here independently of RouteRoles.Table, so a change to the table that the documentation does not
/// share fails the role tests.
/// </summary>
public static class ContractRoutes
{
    public sealed record Route(string Method, string Path, string Service, string[] Roles);

    private static readonly string Id = "0f8e2c4a-3b1d-4e5f-9a6b-7c8d9e0f1a2b";

    public static readonly Route[] All =
    [
        new("POST", "/api/orders", "intake", ["agent"]),
        new("POST", "/api/orders/validate", "intake", ["agent"]),
        new("GET", "/api/orders?kind=repair&page=1", "intake", ["agent", "supervisor"]),
        new("GET", $"/api/orders/{Id}", "intake", ["agent", "crew", "supervisor", "integrator"]),
        new("POST", $"/api/orders/{Id}/answer", "intake", ["agent"]),
        new("GET", $"/api/orders/{Id}/events", "intake", ["supervisor", "integrator"]),
        new("GET", "/api/events?after=0&limit=100", "intake", ["supervisor", "integrator"]),
        new("POST", "/api/subscriptions", "intake", ["integrator"]),
        new("GET", "/api/subscriptions", "intake", ["supervisor", "integrator"]),
        new("GET", $"/api/subscriptions/{Id}", "intake", ["supervisor", "integrator"]),
        new("DELETE", $"/api/subscriptions/{Id}", "intake", ["integrator"]),
        new("GET", "/api/dispatch/work-orders?status=open&area=urban", "dispatch", ["crew", "supervisor"]),
        new("GET", "/api/dispatch/work-orders?status=waiting&area=urban", "dispatch", ["crew", "supervisor"]),
        new("POST", $"/api/dispatch/work-orders/{Id}/arrive", "dispatch", ["crew"]),
        new("POST", $"/api/dispatch/work-orders/{Id}/complete", "dispatch", ["crew"]),
        new("POST", $"/api/dispatch/work-orders/{Id}/guide", "dispatch", ["agent"]),
        new("GET", $"/api/dispatch/work-orders/{Id}", "dispatch", ["agent", "crew", "supervisor"]),
        new("GET", "/api/dispatch/sla", "dispatch", ["supervisor"]),
        new("GET", "/api/complaints?status=open", "complaint", ["agent", "supervisor"]),
        new("POST", $"/api/complaints/{Id}/contact", "complaint", ["agent"]),
        new("POST", $"/api/complaints/{Id}/reply", "complaint", ["agent"]),
        new("GET", "/api/complaints/stats", "complaint", ["supervisor"]),
        new("GET", $"/api/complaints/{Id}", "complaint", ["agent", "supervisor"]),
        new("GET", "/api/callbacks?status=due", "callback", ["agent"]),
        new("POST", $"/api/callbacks/{Id}/attempts", "callback", ["agent"]),
        new("GET", "/api/callbacks/compliance?from=2026-01-01&to=2026-02-01", "callback", ["supervisor"]),
    ];

    public static readonly string[] Roles = ["agent", "crew", "supervisor", "integrator"];

    public static TheoryData<string, string> Data()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in All) data.Add(route.Method, route.Path);
        return data;
    }

    public static Route Find(string method, string path) => All.Single(r => r.Method == method && r.Path == path);
}
