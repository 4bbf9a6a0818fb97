using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Npgsql;

namespace PowerMicro.Testing.Processes;

/// <summary>Where a system's PostgreSQL database and RabbitMQ virtual host are.</summary>
public sealed record SystemServers(string Postgres, Uri RabbitMq, Uri RabbitMqManagement);

/// <summary>
/// The whole system as separate processes, as deploy/run.sh starts it: intake, dispatch, complaint and
/// callback (N instances each) and the gateway, on free loopback ports, with development tokens. Each
/// system gets its own database and virtual host on the given servers (the shared test servers, or a
/// test's <see cref="PrivateServers"/> when it injects faults into them).
/// </summary>
public sealed class RunningSystem : IAsyncDisposable
{
    public static readonly IReadOnlyDictionary<string, string> Projects = new Dictionary<string, string>
    {
        ["intake"] = "services/Intake/PowerMicro.Intake",
        ["dispatch"] = "services/Dispatch/PowerMicro.Dispatch",
        ["complaint"] = "services/Complaint/PowerMicro.Complaint",
        ["callback"] = "services/Callback/PowerMicro.Callback",
    };

    private readonly List<ServiceProcess> _processes = [];

    private RunningSystem(SystemServers servers, string logs)
    {
        Servers = servers;
        Logs = logs;
    }

    public SystemServers Servers { get; }
    public string Logs { get; }
    public IReadOnlyList<ServiceProcess> Processes => _processes;
    public ServiceProcess Gateway => _processes.Single(p => p.Name == "gateway");
    public HttpClient Client { get; private set; } = null!;

    /// <summary>The instances of a service ("dispatch": all; "dispatch-2": the second).</summary>
    public IReadOnlyList<ServiceProcess> Named(string name) =>
        _processes.Where(p => p.Name == name || p.Name.StartsWith(name + "-", StringComparison.Ordinal)).ToList();

    /// <param name="servers">The servers; null = the shared test servers.</param>
    /// <param name="settings">Extra environment for every process (e.g. Clock__Speed).</param>
    /// <param name="ready">How long every process may take to be ready (default 120 s; a loaded machine needs more).</param>
    public static async Task<RunningSystem> StartAsync(int instances = 1, SystemServers? servers = null,
        IReadOnlyDictionary<string, string>? settings = null, TimeSpan? ready = null)
    {
        servers ??= await SharedServersAsync();
        var slice = "s" + Guid.NewGuid().ToString("N")[..10];
        var own = await CreateDatabaseAndVirtualHostAsync(servers, slice);
        var logs = Path.Combine(RepositoryRoot.Path, ".data", "test-logs", slice);
        Directory.CreateDirectory(logs);
        var system = new RunningSystem(own, logs);

        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = own.Postgres,
            ["ConnectionStrings__RabbitMq"] = own.RabbitMq.ToString(),
            ["Auth__DevTokens__Enabled"] = "true",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;

        var addresses = new List<string>();
        foreach (var (name, project) in Projects)
        {
            var urls = new List<string>();
            for (var i = 1; i <= instances; i++)
            {
                var process = new ServiceProcess(instances == 1 ? name : $"{name}-{i}", project, FreePorts.Next(), environment, logFolder: logs);
                system._processes.Add(process);
                urls.Add(process.Address.ToString().TrimEnd('/'));
            }
            addresses.Add($"--Services:{char.ToUpperInvariant(name[0])}{name[1..]}={string.Join(',', urls)}");
        }
        system._processes.Add(new ServiceProcess("gateway", "gateway/PowerMicro.Gateway", FreePorts.Next(), environment, addresses, logs));

        try
        {
            foreach (var process in system._processes) process.Start();
            await Task.WhenAll(system._processes.Select(p => p.WaitReadyAsync(ready)));
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
        system.Client = new HttpClient { BaseAddress = system.Gateway.Address, Timeout = TimeSpan.FromSeconds(60) };
        return system;
    }

    /// <summary>A development token from the gateway (POST /api/auth/dev-token).</summary>
    public async Task<string> TokenAsync(string role, string name = "test", string? crew = null)
    {
        object request = crew is null ? new { role, name } : new { role, name, crew };
        using var response = await Client.PostAsJsonAsync("/api/auth/dev-token", request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("token").GetString()!;
    }

    /// <summary>A client of the gateway that sends the given role's token.</summary>
    public async Task<HttpClient> ClientAsAsync(string role, string name = "test", string? crew = null)
    {
        var client = new HttpClient { BaseAddress = Gateway.Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(role, name, crew));
        return client;
    }

    public async Task RestartAsync(ServiceProcess process, bool kill = false)
    {
        if (kill) await process.KillAsync(); else await process.StopAsync();
        process.Start();
        await process.WaitReadyAsync();
    }

    private static async Task<SystemServers> SharedServersAsync()
    {
        var shared = await TestInfrastructure.GetAsync();
        return new SystemServers(shared.Postgres, shared.RabbitMq, shared.RabbitMqManagement);
    }

    private static async Task<SystemServers> CreateDatabaseAndVirtualHostAsync(SystemServers servers, string slice)
    {
        await using (var connection = new NpgsqlConnection(servers.Postgres))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {slice}", connection);
            await create.ExecuteNonQueryAsync();
        }
        using var management = new HttpClient { BaseAddress = new UriBuilder(servers.RabbitMqManagement) { UserName = "", Password = "" }.Uri };
        var credentials = string.IsNullOrEmpty(servers.RabbitMqManagement.UserInfo) ? "guest:guest" : Uri.UnescapeDataString(servers.RabbitMqManagement.UserInfo);
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        (await management.PutAsync($"api/vhosts/{slice}", null)).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync($"api/permissions/{slice}/{credentials.Split(':')[0]}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();

        var postgres = new NpgsqlConnectionStringBuilder(servers.Postgres) { Database = slice }.ConnectionString;
        return new SystemServers(postgres, new UriBuilder(servers.RabbitMq) { Path = "/" + slice }.Uri, servers.RabbitMqManagement);
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await Task.WhenAll(_processes.Select(p => p.DisposeAsync().AsTask()));
        try
        {
            var database = new NpgsqlConnectionStringBuilder(Servers.Postgres);
            var name = database.Database;
            database.Database = "postgres";
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The servers are gone already (a test's private servers): nothing to clean.
        }
    }
}
