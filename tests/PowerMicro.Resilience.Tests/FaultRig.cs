using PowerMicro.Testing;
using PowerMicro.Testing.Processes;
using Xunit.Abstractions;

namespace PowerMicro.Resilience.Tests;

/// <summary>Fault tests stop servers and kill processes for real: one at a time, each on servers of its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Faults
{
    public const string Name = "faults";
}

/// <summary>A test's own PostgreSQL and RabbitMQ with the whole system on them, and clients per role.</summary>
public sealed class FaultRig : IAsyncDisposable
{
    private FaultRig(PrivateServers servers, RunningSystem system, HttpClient agent, HttpClient supervisor, ITestOutputHelper output)
    {
        Servers = servers;
        System = system;
        Agent = agent;
        Supervisor = supervisor;
        Output = output;
    }

    public PrivateServers Servers { get; }
    public RunningSystem System { get; }
    public HttpClient Agent { get; }
    public HttpClient Supervisor { get; }
    public ITestOutputHelper Output { get; }

    /// <summary>How long an outage lasts (POWERMICRO_FAULT_SECONDS, default 60; the 5-minute run sets 300).</summary>
    public static TimeSpan Outage =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("POWERMICRO_FAULT_SECONDS"), out var s) ? s : 60);

    public static async Task<FaultRig> StartAsync(ITestOutputHelper output, IReadOnlyDictionary<string, string>? settings = null)
    {
        var servers = await PrivateServers.StartAsync();
        try
        {
            var system = await RunningSystem.StartAsync(servers: new SystemServers(servers.Postgres, servers.RabbitMq, servers.RabbitMqManagement),
                settings: settings);
            return new FaultRig(servers, system, await system.ClientAsAsync("agent", "fault-agent"),
                await system.ClientAsAsync("supervisor", "fault-supervisor"), output);
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    /// <summary>Has the order reached the service its kind goes to, with its deadlines set?</summary>
    public async Task<bool> ReachedItsServiceAsync(Guid orderId, string kind)
    {
        if (kind is "complaint" or "report")
            return await Orders.GetAsync(Supervisor, $"/api/complaints/{orderId}") is { } complaint
                   && complaint.GetProperty("deadlines").GetArrayLength() == 2;
        return await Orders.GetAsync(Supervisor, $"/api/dispatch/work-orders/{orderId}") is { } work
               && work.GetProperty("deadlines").GetArrayLength() >= 1;
    }

    /// <summary>Waits until every accepted order reached its service; returns how long that took.</summary>
    public async Task<TimeSpan> AllReachedTheirServiceAsync(IReadOnlyDictionary<Guid, string> accepted, TimeSpan within)
    {
        var started = DateTime.UtcNow;
        var pending = new Dictionary<Guid, string>(accepted);
        try
        {
            await Eventually.True(async () =>
            {
                foreach (var (id, kind) in pending.ToList())
                    if (await ReachedItsServiceAsync(id, kind)) pending.Remove(id);
                return pending.Count == 0;
            }, "every accepted order to reach its service", within);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{pending.Count} of {accepted.Count} accepted orders did not reach their service: " +
                                       string.Join(", ", pending.Take(10).Select(p => $"{p.Value} {p.Key}")));
        }
        return DateTime.UtcNow - started;
    }

    public async Task NoMessageInAnErrorQueueAsync()
    {
        var errors = await Broker.ErrorQueuesAsync(System.Servers);
        Output.WriteLine("error queues: " + (errors.Count == 0 ? "none" : string.Join(", ", errors.Select(e => $"{e.Key}={e.Value}"))));
        Assert.All(errors, e => Assert.Equal(0, e.Value));
    }

    /// <summary>deploy/check.sh's checker against this system (<see cref="SystemCheck"/>, waiting up to 2 minutes for work in flight to settle): no violation.</summary>
    public async Task CheckerIsGreenAsync()
    {
        var check = await SystemCheck.RunAsync(System, wait: TimeSpan.FromMinutes(2), settle: TimeSpan.FromSeconds(10));
        Output.WriteLine($"checker: {check.Run.Checked} checked, {check.Run.Violations.Count} violations, {check.Run.InFlight.Count} in flight");
        check.AssertGreen();
    }

    public async ValueTask DisposeAsync()
    {
        Agent.Dispose();
        Supervisor.Dispose();
        foreach (var process in System.Processes) Output.WriteLine($"--- {process.Name} (last lines)\n{process.Tail(15)}");
        await System.DisposeAsync();
        await Servers.DisposeAsync();
    }
}
