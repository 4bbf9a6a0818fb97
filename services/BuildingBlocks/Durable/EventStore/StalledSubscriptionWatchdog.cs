using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PowerMicro.Durable.EventStore;

/// <summary>
/// Restarts this instance's projection daemon when a subscription (the relay, the public journal) has stopped
/// while stored events wait for it. Seen in the soak hour: after PostgreSQL restarted, two instances each ran the
/// relay for a moment (one had not noticed it lost its lock), the loser's checkpoint failed with
/// ProgressionProgressOutOfOrderException, its agent stopped, and no instance ran the relay again: complaint's and
/// callback's events stayed unpublished for the 30 minutes the run had left.
/// A pause and resume stops any agent left running here, and the daemon then runs what this instance holds the
/// lock for, from the stored checkpoint (what is published again is recognised by its message id). On an
/// instance that does not hold the lock it changes nothing. A relay waiting for RabbitMQ also stands still; a
/// restart then only costs a retry.
/// </summary>
public sealed partial class StalledSubscriptionWatchdog(
    IServiceProvider services, NpgsqlDataSource database, string schema, TimeSpan interval, TimeSpan stalledAfter,
    ILogger<StalledSubscriptionWatchdog> logger) : BackgroundService
{
    private readonly Dictionary<string, (long Position, DateTime Since)> _seen = new(StringComparer.Ordinal);

    /// <summary>How many times this instance restarted its daemon for a stalled subscription.</summary>
    public int Restarts { get; private set; }

    /// <summary>How many times it has looked (a test waits on it rather than on the clock).</summary>
    public int Rounds { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                if (await StalledAsync(stoppingToken).ConfigureAwait(false) is { } stalled) await RestartAsync(stalled).ConfigureAwait(false);
                Rounds++;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogCheckFailed(e.Message); // PostgreSQL down: the health checks say so; look again next round
            }
        }
    }

    /// <summary>A subscription that has stood still behind the last stored event for <c>stalledAfter</c>, or null.</summary>
    private async Task<(string Name, long Position, long Last, TimeSpan For)?> StalledAsync(CancellationToken cancellationToken)
    {
        // Only shards ("event-relay:All"): Marten keeps rows of its own there too (HighWaterMark, HighWaterStuckGap).
        await using var command = database.CreateCommand(
            $"select p.name, p.last_seq_id, (select coalesce(max(seq_id), 0) from {schema}.mt_events) from {schema}.mt_event_progression p where p.name like '%:%'");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var now = DateTime.UtcNow;
        var names = new HashSet<string>(StringComparer.Ordinal);
        (string, long, long, TimeSpan)? stalled = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (name, position, last) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
            names.Add(name);
            if (position >= last || !_seen.TryGetValue(name, out var seen) || seen.Position != position)
            {
                _seen[name] = (position, now);
                continue;
            }
            if (now - seen.Since >= stalledAfter) stalled ??= (name, position, last, now - seen.Since);
        }
        foreach (var gone in _seen.Keys.Where(k => !names.Contains(k)).ToList()) _seen.Remove(gone);
        return stalled;
    }

    private async Task RestartAsync((string Name, long Position, long Last, TimeSpan For) stalled)
    {
        LogStalled(stalled.Name, stalled.Position, stalled.Last, (int)stalled.For.TotalSeconds);
        var coordinator = services.GetRequiredService<JasperFx.Events.Daemon.IProjectionCoordinator>();
        await coordinator.PauseAsync().ConfigureAwait(false);
        await coordinator.ResumeAsync().ConfigureAwait(false);
        Restarts++;
        _seen.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Subscription {Subscription} has stood at event {Position} for {Seconds} s while events up to {Last} wait; restarting this instance's projection daemon")]
    private partial void LogStalled(string subscription, long position, long last, int seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not look at the subscriptions' progress: {Reason}")]
    private partial void LogCheckFailed(string reason);
}
