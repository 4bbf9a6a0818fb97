using PowerMicro.EndToEnd.Tests.Tracing;
using PowerMicro.Testing.Processes;

namespace PowerMicro.EndToEnd.Tests.Rig;

/// <summary>
/// One whole system per test class (a class fixture): the services as separate processes behind the gateway, as
/// deploy/run.sh starts them, on a database and virtual host of their own, and the clients a scenario needs.
/// </summary>
public abstract class EndToEndSystem : IAsyncLifetime
{
    /// <summary>Room for every scenario's repairs at once (the roster's capacities are 2–3), and a short wait between unreachable attempts.</summary>
    private static readonly Dictionary<string, string> Common = new()
    {
        ["Dispatch__Crews__0__Capacity"] = "100",
        ["Dispatch__Crews__1__Capacity"] = "100",
        ["Dispatch__Crews__2__Capacity"] = "100",
        ["Dispatch__Crews__3__Capacity"] = "100",
        ["Dispatch__Crews__4__Capacity"] = "100",
        ["Callbacks__RetryAfter"] = "00:00:01",
    };

    public abstract int Instances { get; }

    /// <summary>More environment for every process (a faster clock, shorter limits, an OTLP endpoint).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>The servers the system runs on; null: the shared test servers (its own database and virtual host on them).</summary>
    protected virtual SystemServers? OnServers => null;

    public RunningSystem System { get; private set; } = null!;
    /// <summary>Where every process of the system exports its traces (as it would to Jaeger).</summary>
    public OtlpReceiver Traces { get; private set; } = null!;
    public Api Api { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Traces = await OtlpReceiver.StartAsync();
        var settings = new Dictionary<string, string>(Common);
        foreach (var (key, value) in Traces.ExportSettings) settings[key] = value;
        foreach (var (key, value) in Settings) settings[key] = value;
        System = await RunningSystem.StartAsync(Instances, OnServers, settings, ready: TimeSpan.FromMinutes(5));
        Api = await Api.ConnectAsync(System);
    }

    public virtual async Task DisposeAsync()
    {
        Api?.Dispose();
        if (System is not null) await System.DisposeAsync();
        if (Traces is not null) await Traces.DisposeAsync();
    }

    /// <summary>What a scenario's report adds about this system (and asserts about it); null: nothing.</summary>
    public virtual string? Observe() => null;
}

/// <summary>One instance of every service.</summary>
public sealed class OneInstanceOfEach : EndToEndSystem
{
    public override int Instances => 1;
}

/// <summary>Two instances of every service on one PostgreSQL and one RabbitMQ, the gateway balancing across them.</summary>
public sealed class TwoInstancesOfEach : EndToEndSystem
{
    public override int Instances => 2;
}
