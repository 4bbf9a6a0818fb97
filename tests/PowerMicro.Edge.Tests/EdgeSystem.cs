using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using PowerMicro.Callback;
using PowerMicro.Complaint;
using PowerMicro.Dispatch;
using PowerMicro.Gateway;
using PowerMicro.Intake;
using PowerMicro.Testing;

namespace PowerMicro.Edge.Tests;

/// <summary>
/// The whole system as deploy/run.sh runs it, in one test process: the four real services (each on its own
/// schema of the class's slice, one virtual host) behind the real gateway with its own appsettings.json routes,
/// all on real loopback ports. The rate limit is lifted so the fuzz test measures the input layer, not 429s.
/// Seeded through the gateway with a dispatched repair, an open complaint, an inquiry and a callback task.
/// </summary>
public sealed class EdgeSystem : IsolatedInfrastructure, IFuzzTarget
{
    public static readonly string[] Names = ["intake", "dispatch", "complaint", "callback"];
    private readonly List<TestWebHost> _services = [];

    public TestWebHost Gateway { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public Guid Repair { get; private set; }
    public Guid Complaint { get; private set; }
    public Guid Inquiry { get; private set; }
    public Guid CallbackId { get; private set; }

    public string SchemaOf(string service) => Schema + "_" + service;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var addresses = new Dictionary<string, string?>();
        foreach (var name in Names)
        {
            var settings = Configuration(SchemaOf(name));
            if (name == "dispatch")
            {
                settings["Dispatch:Crews:0:Id"] = "urban-1";
                settings["Dispatch:Crews:0:Name"] = "City crew 1";
                settings["Dispatch:Crews:0:Areas:0"] = "urban";
                settings["Dispatch:Crews:0:Capacity"] = "50";
                settings["Dispatch:Crews:1:Id"] = "rural-1";
                settings["Dispatch:Crews:1:Name"] = "Rural crew 1";
                settings["Dispatch:Crews:1:Areas:0"] = "rural";
                settings["Dispatch:Crews:1:Capacity"] = "50";
            }
            var host = await TestWebHost.StartAsync(settings, b =>
            {
                // Each service's appsettings.json lands in this test's output (one overwriting the other, by build
                // order): use none, so every service runs on the settings above alone.
                foreach (var json in b.Configuration.Sources.OfType<JsonConfigurationSource>().ToList()) b.Configuration.Sources.Remove(json);
                Add(name, b);
            }, a => Map(name, a));
            _services.Add(host);
            addresses[$"Services:{char.ToUpperInvariant(name[0])}{name[1..]}"] = host.Address.ToString();
        }

        addresses["Limits:RateLimit:TokenLimit"] = "1000000";
        addresses["Limits:RateLimit:TokensPerPeriod"] = "1000000";
        Gateway = await TestWebHost.StartAsync(addresses, b =>
        {
            // The gateway's own routes, under everything else (the bin's appsettings.json may be a service's: dropped).
            foreach (var json in b.Configuration.Sources.OfType<JsonConfigurationSource>().ToList()) b.Configuration.Sources.Remove(json);
            b.Configuration.Sources.Insert(0, new JsonConfigurationSource
            {
                Path = "appsettings.json", Optional = false,
                FileProvider = new PhysicalFileProvider(Path.Combine(RepositoryRoot(), "gateway")),
            });
            b.AddGateway();
        }, a => a.UseGateway());
        Client = FuzzRun.ClientOf(Gateway.Address);
        await Seed();
    }

    private static void Add(string name, WebApplicationBuilder builder)
    {
        switch (name)
        {
            case "intake": builder.AddIntake(); break;
            case "dispatch": builder.AddDispatch(); break;
            case "complaint": builder.AddComplaint(); break;
            default: builder.AddCallback(); break;
        }
    }

    private static void Map(string name, WebApplication app)
    {
        switch (name)
        {
            case "intake": app.MapIntake(); break;
            case "dispatch": app.MapDispatch(); break;
            case "complaint": app.MapComplaint(); break;
            default: app.MapCallback(); break;
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PowerMicro.sln"))) return dir.FullName;
        throw new InvalidOperationException("PowerMicro.sln not found above the test's directory.");
    }

    private async Task Seed()
    {
        var seeded = await SeededOrders.TakeAsync(Client, TimeSpan.FromSeconds(60));
        (Repair, Complaint, Inquiry, CallbackId) = (seeded.Repair, seeded.Complaint, seeded.Inquiry, seeded.CallbackId);
    }

    public Task<SortedDictionary<string, string>> State() => StoredRows.ReadAsync(Postgres, Schema);

    public Task<bool> CaughtUp() => StoredRows.DaemonsCaughtUpAsync(Postgres, Schema);

    public override async Task DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        foreach (var service in _services) await service.DisposeAsync();
        await base.DisposeAsync();
    }
}
