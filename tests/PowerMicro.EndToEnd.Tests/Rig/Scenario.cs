using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using PowerMicro.Testing.Processes;
using Xunit.Abstractions;

namespace PowerMicro.EndToEnd.Tests.Rig;

/// <summary>
/// One scenario against a running system: the orders it took, and at its end its figures (read back from the
/// orders' timelines) and the invariant checker, which must find no violation in the whole system.
/// </summary>
public sealed class Scenario(EndToEndSystem system, ITestOutputHelper output, string name)
{
    private readonly ConcurrentDictionary<Guid, byte> _orders = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _sent;

    public Api Api => system.Api;
    public IReadOnlyCollection<Guid> Orders => _orders.Keys.ToList();

    public async Task<Guid> TakeAsync(string kind, string subtype, string area = "urban", string? account = null, string tier = "C",
        string description = "Taken in by the end-to-end tests", DateTimeOffset? appointmentAt = null)
    {
        Interlocked.Increment(ref _sent);
        var id = await Api.TakeAsync(kind, subtype, area, account, tier, description, appointmentAt);
        _orders[id] = 0;
        return id;
    }

    /// <summary>Every timeline step of type <paramref name="type"/> of the order (with its detail).</summary>
    public static IReadOnlyList<string?> Steps(JsonElement order, string type) =>
        order.GetProperty("timeline").EnumerateArray()
            .Where(s => s.GetProperty("type").GetString() == type)
            .Select(s => s.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null)
            .ToList();

    /// <summary>
    /// The scenario's figures from its orders' timelines, then the checker: repeated while anything of this
    /// scenario is still in flight, then no violation anywhere in the system.
    /// </summary>
    public async Task<Figures> EndAsync()
    {
        var views = new List<JsonElement>();
        foreach (var id in _orders.Keys) views.Add(await Api.OrderWhenAsync(id, _ => true, "its view"));
        int Count(string type) => views.Sum(v => Steps(v, type).Count);
        var figures = new Figures(_sent, _orders.Count, Count("OrderCompleted"), Count("CallbackScheduled"),
            views.Count(v => v.GetProperty("status").GetString() == "closed"), Count("SlaBreached"));

        var lived = _clock.Elapsed;
        var ours = _orders.Keys.ToHashSet();
        var check = await SystemCheck.RunAsync(system.System, wait: TimeSpan.FromSeconds(60), ours);
        output.WriteLine($"{name}: {figures} in {lived.TotalSeconds:0.0} s; checker ({(_clock.Elapsed - lived).TotalSeconds:0.0} s): {check.Run.Checked} checked, {check.Run.Violations.Count} violations; {Api.Throttled} answers 429 waited out so far");
        if (system.Observe() is { } observed) output.WriteLine(observed);
        check.AssertGreen(ours);
        return figures with { Checked = check.Run.Checked };
    }
}

public sealed record Figures(int Sent, int Accepted, int Completed, int Callbacks, int Closed, int Breaches)
{
    public int Checked { get; init; }

    public override string ToString() =>
        $"orders sent {Sent}, accepted {Accepted}, completed {Completed}, callbacks {Callbacks}, closed {Closed}, SLA breaches {Breaches}";
}
