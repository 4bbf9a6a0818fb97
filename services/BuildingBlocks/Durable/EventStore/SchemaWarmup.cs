using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PowerMicro.Durable.EventStore;

/// <summary>
/// Creates or updates the service's schema (every configured document and the event store) once at start-up,
/// in the background: the process starts even while PostgreSQL is down, reports not ready until the schema is
/// there, and keeps trying. Without it the first requests and messages race each other to create tables
/// (and time out waiting for each other under load).
/// </summary>
public sealed partial class SchemaWarmup(IDocumentStore store, ILogger<SchemaWarmup> logger) : BackgroundService, IHealthCheck
{
    private readonly TaskCompletionSource _applied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the schema has been applied.</summary>
    public Task Applied => _applied.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                _applied.TrySetResult();
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogNotYet(ex, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, attempt)), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_applied.Task.IsCompleted ? HealthCheckResult.Healthy("schema applied") : HealthCheckResult.Unhealthy("applying the schema"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying the schema failed (attempt {Attempt}); trying again")]
    private partial void LogNotYet(Exception exception, int attempt);
}
