using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace PowerMicro.Durable.Messaging.ErrorQueues;

/// <summary>
/// The last message count read from each error queue, exported as the gauge
/// <c>powermicro.messaging.error_messages</c> (tag <c>queue</c>) and read by the health check.
/// </summary>
public sealed class ErrorQueueCounts
{
    public const string MetricName = "powermicro.messaging.error_messages";

    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public ErrorQueueCounts(IMeterFactory meters)
    {
        var meter = meters.Create(PowerMicro.ServiceDefaults.Telemetry.PowerMicroActivity.SourceName);
        meter.CreateObservableGauge(MetricName,
            () => _counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("queue", c.Key))),
            unit: "{message}", description: "Messages waiting in the service's error queues (they need an operator: deploy/errors.sh).");
    }

    /// <summary>When the counts were last read in full; null before the first read.</summary>
    public DateTimeOffset? ReadAt { get; private set; }

    /// <summary>Why the last read failed; null when it succeeded.</summary>
    public string? ReadError { get; private set; }

    public IReadOnlyDictionary<string, long> Current => new Dictionary<string, long>(_counts);

    public void Update(IReadOnlyDictionary<string, long> counts, DateTimeOffset at)
    {
        foreach (var (queue, count) in counts) _counts[queue] = count;
        ReadAt = at;
        ReadError = null;
    }

    public void Failed(string reason) => ReadError = reason;
}
