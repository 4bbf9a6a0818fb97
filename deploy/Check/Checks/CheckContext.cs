using PowerMicro.Check.Reading;

namespace PowerMicro.Check.Checks;

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
