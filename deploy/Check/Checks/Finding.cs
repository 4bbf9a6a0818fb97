using PowerMicro.Check.Reading;

namespace PowerMicro.Check.Checks;

public enum Verdict { Violation, InFlight }

/// <summary>Something a check found: a violation, or work still in flight (younger than the settle time, or not yet relayed).</summary>
public sealed record Finding(string Check, Guid? OrderId, string Message, Verdict Verdict)
{
    /// <summary>Identifies the same finding in two passes of the check.</summary>
    public string Key => $"{Check}|{OrderId}|{Message}";
}

/// <summary>One check's outcome: what it looked at (Checked items of What) and what it found.</summary>
public sealed class CheckResult(string name, string what)
{
    public string Name { get; } = name;
    public string What { get; } = what;
    public int Checked { get; set; }
    public List<Finding> Findings { get; } = [];
    /// <summary>A line of figures printed under the check (e.g. per sampled subtype).</summary>
    public List<string> Notes { get; } = [];

    public void Violation(Guid? orderId, string message) => Findings.Add(new Finding(Name, orderId, message, Verdict.Violation));

    public void InFlight(Guid? orderId, string message) => Findings.Add(new Finding(Name, orderId, message, Verdict.InFlight));

    /// <summary>Something that should exist does not: in flight if what should have caused it is still settling, else a violation.</summary>
    public void Missing(CheckContext context, Guid? orderId, string message, params StoredEvent?[] causes)
    {
        if (causes.Any(c => c is not null && context.Settling(c))) InFlight(orderId, message);
        else Violation(orderId, message);
    }
}

/// <summary>What every check reads: the snapshot and the settle boundary.</summary>
public sealed class CheckContext(SystemSnapshot snapshot, Running.CheckOptions options)
{
    public SystemSnapshot Snapshot { get; } = snapshot;
    public Running.CheckOptions Options { get; } = options;
    public DateTimeOffset SettledBefore { get; } = snapshot.Now - options.Settle;

    /// <summary>An event younger than the settle time, or one its service's relay has not published yet.</summary>
    public bool Settling(StoredEvent e) => e.Timestamp > SettledBefore || !Snapshot.Stores[e.Service].Relayed(e) && IsPublished(e);

    private static bool IsPublished(StoredEvent e) => EventCatalog.PublishedAs(e.Service, e.Type) is not null;

    /// <summary>Every order intake took in: its OrderReceived event (the first, should there be several).</summary>
    public IReadOnlyDictionary<Guid, StoredEvent> Orders => _orders ??= Snapshot.Events("intake", EventCatalog.OrderTaken)
        .GroupBy(e => e.OrderId).ToDictionary(g => g.Key, g => g.First());

    private IReadOnlyDictionary<Guid, StoredEvent>? _orders;
}

public interface ICheck
{
    CheckResult Run(CheckContext context);
}
