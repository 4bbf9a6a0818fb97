using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Npgsql;
using Xunit;

namespace PowerMicro.Testing;

/// <summary>
/// A test class's own slice of the shared servers: a fresh Marten schema and a fresh RabbitMQ
/// virtual host, so test classes run in parallel without seeing each other's data or messages.
/// Both are removed when the class is done.
/// </summary>
public class IsolatedInfrastructure : IAsyncLifetime
{
    public TestInfrastructure Servers { get; private set; } = null!;
    public string Schema { get; } = "t_" + Guid.NewGuid().ToString("N")[..12];
    public string VirtualHost { get; } = "t-" + Guid.NewGuid().ToString("N")[..12];

    public string Postgres => Servers.Postgres;
    public string RabbitMq => new UriBuilder(Servers.RabbitMq) { Path = "/" + Uri.EscapeDataString(VirtualHost) }.Uri.ToString();

    /// <summary>Configuration every PowerMicro host reads, pointed at this slice.</summary>
    public Dictionary<string, string?> Configuration(string? schema = null) => new()
    {
        ["ConnectionStrings:Postgres"] = Postgres,
        ["ConnectionStrings:RabbitMq"] = RabbitMq,
        ["EventStore:Schema"] = schema ?? Schema,
    };

    public virtual async Task InitializeAsync()
    {
        Servers = await TestInfrastructure.GetAsync();
        using var management = ManagementClient();
        (await management.PutAsync($"api/vhosts/{Uri.EscapeDataString(VirtualHost)}", null)).EnsureSuccessStatusCode();
        var user = management.DefaultRequestHeaders.Authorization is { Parameter: { } p }
            ? Encoding.UTF8.GetString(Convert.FromBase64String(p)).Split(':')[0] : "guest";
        (await management.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(VirtualHost)}/{user}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
    }

    public virtual async Task DisposeAsync()
    {
        using (var management = ManagementClient())
            await management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(VirtualHost)}");
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        // Hosts of a class may use further schemas named after the class's (Schema + suffix): drop them all.
        await using var list = new NpgsqlCommand("select nspname from pg_namespace where nspname like @prefix", connection);
        list.Parameters.AddWithValue("prefix", Schema + "%");
        var schemas = new List<string>();
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) schemas.Add(reader.GetString(0));
        foreach (var schema in schemas)
        {
            await using var drop = new NpgsqlCommand($"drop schema if exists {schema} cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private HttpClient ManagementClient()
    {
        var uri = Servers.RabbitMqManagement;
        var client = new HttpClient { BaseAddress = new UriBuilder(uri) { UserName = "", Password = "" }.Uri };
        var credentials = string.IsNullOrEmpty(uri.UserInfo) ? "guest:guest" : Uri.UnescapeDataString(uri.UserInfo);
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return client;
    }
}
