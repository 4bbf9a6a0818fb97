using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PowerMicro.Durable.Messaging.ErrorQueues;

/// <summary>
/// Degraded while any message waits in an error queue (or the counts cannot be read); Healthy otherwise.
/// Never Unhealthy: the service still works, an operator has to look (README, "Operator's runbook").
/// </summary>
public sealed class ErrorQueueHealthCheck(ErrorQueueCounts counts) : IHealthCheck
{
    public const string Name = "error-queues";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = counts.Current.Where(c => c.Value > 0).OrderBy(c => c.Key, StringComparer.Ordinal).ToArray();
        if (waiting.Length > 0)
            return Task.FromResult(HealthCheckResult.Degraded(
                $"{waiting.Sum(w => w.Value)} message(s) in error queues: {string.Join(", ", waiting.Select(w => $"{w.Key} {w.Value}"))}; see deploy/errors.sh list"));
        if (counts.ReadError is { } error)
            return Task.FromResult(HealthCheckResult.Degraded($"error queues could not be read: {error}"));
        return Task.FromResult(HealthCheckResult.Healthy(counts.ReadAt is null
            ? "error queues not read yet"
            : $"no message in {counts.Current.Count} error queue(s)"));
    }
}
