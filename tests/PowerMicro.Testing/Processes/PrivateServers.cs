namespace PowerMicro.Testing.Processes;

/// <summary>
/// A PostgreSQL cluster and a RabbitMQ node of a test's own (deploy/infra.sh with its own data folder,
/// ports and node name), so the test can stop them for real without touching anyone else's tests.
/// Costs about 15 s to start; use it only for fault tests.
/// </summary>
public sealed class PrivateServers : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;

    private PrivateServers(string data, int postgresPort, int rabbitPort, int managementPort)
    {
        Data = data;
        PostgresPort = postgresPort;
        RabbitPort = rabbitPort;
        _environment = new()
        {
            ["POWERMICRO_DATA"] = data,
            ["POWERMICRO_PG_PORT"] = postgresPort.ToString(),
            ["POWERMICRO_RABBIT_PORT"] = rabbitPort.ToString(),
            ["POWERMICRO_RABBIT_MGMT_PORT"] = managementPort.ToString(),
            ["POWERMICRO_RABBIT_NODENAME"] = $"pm-{Path.GetFileName(data)}@localhost",
            ["POWERMICRO_PG_MAX_CONNECTIONS"] = "300",
        };
        Postgres = $"Host=127.0.0.1;Port={postgresPort};Database=powermicro;Username=postgres;Password=postgres";
        RabbitMq = new Uri($"amqp://guest:guest@127.0.0.1:{rabbitPort}/");
        RabbitMqManagement = new Uri($"http://guest:guest@127.0.0.1:{managementPort}/");
    }

    public string Data { get; }
    public int PostgresPort { get; }
    public int RabbitPort { get; }
    public string Postgres { get; }
    public Uri RabbitMq { get; }
    public Uri RabbitMqManagement { get; }

    public static async Task<PrivateServers> StartAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), "pm-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(data);
        var servers = new PrivateServers(data, FreePorts.Next(), FreePorts.NextWithPartner(20000), FreePorts.Next());
        await servers.InfraAsync("start");
        return servers;
    }

    public Task StopPostgresAsync() => InfraAsync("stop", "postgres");
    public Task StartPostgresAsync() => InfraAsync("start", "postgres");
    public Task StopRabbitMqAsync() => InfraAsync("stop", "rabbitmq");
    public Task StartRabbitMqAsync() => InfraAsync("start", "rabbitmq");

    private Task<string> InfraAsync(params string[] arguments) =>
        Shell.RunAsync("bash", [Path.Combine(RepositoryRoot.Path, "deploy", "infra.sh"), .. arguments], _environment);

    public async ValueTask DisposeAsync()
    {
        try { await InfraAsync("stop"); }
        finally
        {
            try { Directory.Delete(Data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
