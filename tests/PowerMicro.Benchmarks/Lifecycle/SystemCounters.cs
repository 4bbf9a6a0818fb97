using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>Cumulative counters of the system's own database and virtual host at one moment.</summary>
public sealed record Counters(long Commits, long EventsAppended, long Published, long Delivered, long QueueDepth)
{
    public Counters Minus(Counters before) =>
        new(Commits - before.Commits, EventsAppended - before.EventsAppended, Published - before.Published, Delivered - before.Delivered, QueueDepth);
}

/// <summary>
/// Reads PostgreSQL's commits (pg_stat_database.xact_commit of the system's database) and Marten event appends
/// (every schema's mt_events_sequence), and RabbitMQ's messages published and delivered in the system's
/// virtual host and the messages waiting in its queues (management API). All are cumulative, so a step's
/// figures are differences. Backends report commits when they go idle (at most every second, else within 10 s) and
/// the management API collects every 5 s, so a step's figures are a little shifted; the whole run's are exact.
/// </summary>
public sealed class SystemCounters : IDisposable
{
    private readonly string postgres;
    private readonly HttpClient management;
    private readonly string vhost;

    public SystemCounters(string postgres, Uri rabbitMq, Uri managementUri)
    {
        this.postgres = postgres;
        var path = Uri.UnescapeDataString(rabbitMq.AbsolutePath.TrimStart('/'));
        vhost = path == "" ? "/" : path;
        management = new HttpClient { BaseAddress = new UriBuilder(managementUri) { UserName = "", Password = "" }.Uri, Timeout = TimeSpan.FromSeconds(10) };
        var credentials = string.IsNullOrEmpty(managementUri.UserInfo) ? "guest:guest" : Uri.UnescapeDataString(managementUri.UserInfo);
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
    }

    public string VirtualHost => vhost;
    public string Database => new NpgsqlConnectionStringBuilder(postgres).Database ?? "postgres";

    public async Task<Counters> ReadAsync()
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select (select xact_commit from pg_stat_database where datname = current_database()), " +
            "(select coalesce(sum(last_value), 0)::bigint from pg_sequences where sequencename = 'mt_events_sequence')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var commits = reader.GetInt64(0);
        var events = reader.GetInt64(1);
        var (published, delivered) = await MessageTotalsAsync();
        return new Counters(commits, events, published, delivered, await QueueDepthAsync());
    }

    /// <summary>Rows written (inserted, updated, deleted) per table of the database, cumulative: where the commits go.</summary>
    public async Task<Dictionary<string, long>> TableWritesAsync()
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select schemaname || '.' || relname, n_tup_ins + n_tup_upd + n_tup_del from pg_stat_user_tables", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var writes = new Dictionary<string, long>();
        while (await reader.ReadAsync()) writes[reader.GetString(0)] = reader.GetInt64(1);
        return writes;
    }

    /// <summary>Messages ready or unacknowledged in every queue of the virtual host, the benchmark's own tap excluded.</summary>
    public async Task<long> QueueDepthAsync()
    {
        var queues = JsonDocument.Parse(await management.GetStringAsync($"api/queues/{Uri.EscapeDataString(vhost)}?columns=name,messages")).RootElement;
        return queues.EnumerateArray()
            .Where(q => !q.GetProperty("name").GetString()!.StartsWith("bench-", StringComparison.Ordinal))
            .Sum(q => q.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : 0);
    }

    private async Task<(long Published, long Delivered)> MessageTotalsAsync()
    {
        var root = JsonDocument.Parse(await management.GetStringAsync($"api/vhosts/{Uri.EscapeDataString(vhost)}")).RootElement;
        if (!root.TryGetProperty("message_stats", out var stats)) return (0, 0);
        long Get(string name) => stats.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
        return (Get("publish"), Get("deliver_get"));
    }

    public void Dispose() => management.Dispose();
}
