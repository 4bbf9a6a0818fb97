using Marten;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Relay;
namespace PowerMicro.Dispatch.WorkOrders;

/// <summary>Once at start-up, gives waiting work orders to crews with room (see <see cref="WorkOrderWrites.AssignWaitingToCrewsWithRoom"/>).</summary>
public sealed class WaitingQueueStartup(IServiceScopeFactory scopes, ILogger<WaitingQueueStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; attempt <= 5 && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await using var session = await scope.ServiceProvider.GetRequiredService<IDocumentStore>().OpenTracedSessionAsync(stoppingToken);
                await scope.ServiceProvider.GetRequiredService<WorkOrderWrites>().AssignWaitingToCrewsWithRoom(session, stoppingToken);
                await session.SaveChangesAsync(stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Assigning waiting work orders at start-up failed (attempt {Attempt})", attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
