using PowerMicro.Testing;
using PowerMicro.Testing.Processes;

namespace PowerMicro.Edge.Tests;

/// <summary>
/// Two instances of every service as separate processes behind the gateway (the end-to-end rig's
/// <see cref="RunningSystem"/>, as <c>deploy/run.sh --instances 2</c> starts them), on a database and virtual host of
/// its own, seeded like <see cref="EdgeSystem"/>. The processes accept the tests' tokens (<see cref="TestTokens"/>) and
/// the gateway's rate limit is lifted, so the fuzz measures the input layer, not 429s.
/// </summary>
public sealed class TwoInstancesBehindTheGateway : IAsyncLifetime, IFuzzTarget
{
    public RunningSystem System { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public Guid Repair { get; private set; }
    public Guid Complaint { get; private set; }
    public Guid Inquiry { get; private set; }
    public Guid CallbackId { get; private set; }

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["Limits__RateLimit__TokenLimit"] = "1000000",
            ["Limits__RateLimit__TokensPerPeriod"] = "1000000",
            // Each instance logs the requests it answered, so the test can show both instances of every service served.
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        };
        foreach (var (key, value) in TestTokens.Configuration()) settings[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        System = await RunningSystem.StartAsync(2, settings: settings, ready: TimeSpan.FromMinutes(5));
        Client = FuzzRun.ClientOf(System.Gateway.Address);
        var seeded = await SeededOrders.TakeAsync(Client, TimeSpan.FromMinutes(3));
        (Repair, Complaint, Inquiry, CallbackId) = (seeded.Repair, seeded.Complaint, seeded.Inquiry, seeded.CallbackId);
    }

    /// <summary>How many /api requests each service instance answered (from its log), by instance name.</summary>
    public IReadOnlyDictionary<string, int> RequestsAnswered() =>
        System.Processes.Where(p => p.Name != "gateway").ToDictionary(p => p.Name,
            p => File.ReadLines(p.LogPath).Count(l => l.Contains("Request finished", StringComparison.Ordinal) && l.Contains("/api/", StringComparison.Ordinal)));

    public Task<SortedDictionary<string, string>> State() => StoredRows.ReadAsync(System.Servers.Postgres, schemaPrefix: null);

    public Task<bool> CaughtUp() => StoredRows.DaemonsCaughtUpAsync(System.Servers.Postgres, schemaPrefix: null);

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (System is not null) await System.DisposeAsync();
    }
}
