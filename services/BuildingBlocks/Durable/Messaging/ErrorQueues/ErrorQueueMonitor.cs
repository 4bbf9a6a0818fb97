using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace PowerMicro.Durable.Messaging.ErrorQueues;

/// <summary>Reads the message count of every error queue in <see cref="ErrorQueueRegistry"/> every PollInterval.</summary>
public sealed partial class ErrorQueueMonitor(
    RabbitMqAddress address, string serviceName, ErrorQueueRegistry registry, ErrorQueueCounts counts,
    ErrorQueueOptions options, TimeProvider time, ILogger<ErrorQueueMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IConnection? connection = null;
        using var timer = new PeriodicTimer(options.PollInterval, time);
        try
        {
            do
            {
                try
                {
                    connection ??= await BrokerConnection.OpenAsync(address, serviceName + "-error-queue-monitor", stoppingToken);
                    var read = new Dictionary<string, long>(StringComparer.Ordinal);
                    foreach (var queue in registry.Queues)
                        read[queue] = await BrokerConnection.CountAsync(connection, queue, stoppingToken);
                    var before = counts.Current;
                    counts.Update(read, time.GetUtcNow());
                    foreach (var (queue, count) in read)
                        if (count > 0 && (!before.TryGetValue(queue, out var earlier) || earlier != count))
                            LogWaiting(queue, count);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    counts.Failed(e.Message);
                    LogReadFailed(e.Message);
                    if (connection is { IsOpen: false }) { await connection.DisposeAsync(); connection = null; }
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} message(s) wait in error queue {Queue}; list and re-drive them with deploy/errors.sh")]
    private partial void LogWaiting(string queue, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Error queue counts could not be read: {Reason}")]
    private partial void LogReadFailed(string reason);
}
