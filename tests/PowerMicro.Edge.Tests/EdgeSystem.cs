using Microsoft.AspNetCore.Builder;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Npgsql;
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
public sealed class EdgeSystem : IsolatedInfrastructure
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
        Client = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 16, RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 }) { BaseAddress = Gateway.Address };
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

    public async Task<HttpResponseMessage> Send(HttpMethod method, string path, string role, object? body = null, string? crew = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(role, "seed-" + role, crew));
        if (body is not null) request.Content = JsonContent.Create(body);
        return await Client.SendAsync(request);
    }

    public static object Order(string kind, string subtype, string area = "urban") => new
    {
        kind, subtype, channel = "phone", area,
        customer = new { accountNo = "3201000001", name = "Wang Li", phone = "13800000000", tier = "C", importance = 3 },
        address = "12 Huaihe Rd", description = "seeded by the edge tests",
    };

    private async Task<Guid> Take(object order)
    {
        using var response = await Send(HttpMethod.Post, "/api/orders", "agent", order);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("orderId").GetGuid();
    }

    private Task<JsonElement> Until(string path, string role, Func<JsonElement, bool> ready, string what) => Eventually.Get(async () =>
    {
        using var response = await Send(HttpMethod.Get, path, role);
        if (!response.IsSuccessStatusCode) return (JsonElement?)null;
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return ready(body) ? body : null;
    }, what, TimeSpan.FromSeconds(60)).ContinueWith(t => t.Result!.Value);

    private async Task Seed()
    {
        Repair = await Take(Order("repair", "no-power"));
        Complaint = await Take(Order("complaint", "service-attitude"));
        Inquiry = await Take(Order("inquiry", "policy"));
        var replied = await Take(Order("complaint", "billing"));

        await Until($"/api/dispatch/work-orders/{Repair}", "supervisor", w => w.GetProperty("status").GetString() == "dispatched", "the repair dispatched");
        await Until($"/api/complaints/{Complaint}", "agent", _ => true, "the complaint's case");
        await Until($"/api/complaints/{replied}", "agent", _ => true, "the second complaint's case");
        (await Send(HttpMethod.Post, $"/api/complaints/{replied}/contact", "agent")).EnsureSuccessStatusCode();
        (await Send(HttpMethod.Post, $"/api/complaints/{replied}/reply", "agent", new { reply = "sorted" })).EnsureSuccessStatusCode();
        var tasks = await Until("/api/callbacks?status=open", "agent", t => t.GetArrayLength() > 0, "a callback task");
        CallbackId = tasks[0].GetProperty("callbackId").GetGuid();
    }

    /// <summary>
    /// Every stored row of every service's schema (event streams, documents and read models, idempotency keys, order
    /// numbers), as one text per table, so before and after can be compared.
    /// </summary>
    public async Task<SortedDictionary<string, string>> State()
    {
        var state = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        var tables = new List<(string Schema, string Table)>();
        await using (var list = new NpgsqlCommand(
                         "select table_schema, table_name from information_schema.tables where table_schema like @prefix and table_type = 'BASE TABLE'", connection))
        {
            list.Parameters.AddWithValue("prefix", Schema + "%");
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (schema, table) in tables)
        {
            // The daemon's checkpoints carry a heartbeat time: compare how far each got, not when it last looked.
            var rows = table == "mt_event_progression" ? "name || '=' || last_seq_id" : "t::text";
            await using var read = new NpgsqlCommand(
                $"select count(*)::text || ':' || coalesce(md5(string_agg({rows}, '|' order by {rows})), '') from \"{schema}\".\"{table}\" t", connection);
            state[$"{schema}.{table}"] = (string)(await read.ExecuteScalarAsync())!;
        }
        return state;
    }

    public override async Task DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        foreach (var service in _services) await service.DisposeAsync();
        await base.DisposeAsync();
    }
}
