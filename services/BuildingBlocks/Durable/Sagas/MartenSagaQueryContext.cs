using Marten;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;

namespace PowerMicro.Durable.Sagas;

/// <summary>Read-only access to stored saga instances (for MassTransit's load and query operations).</summary>
public sealed class MartenSagaQueryContext<TSaga>(IQuerySession session, CancellationToken cancellationToken) :
    BasePipeContext(cancellationToken),
    LoadSagaRepositoryContext<TSaga>,
    QuerySagaRepositoryContext<TSaga>
    where TSaga : class, ISagaVersion
{
    public async Task<TSaga> Load(Guid correlationId) =>
        (await session.LoadAsync<TSaga>(correlationId, CancellationToken).ConfigureAwait(false))!;

    public async Task<SagaRepositoryQueryContext<TSaga>> Query(ISagaQuery<TSaga> query, CancellationToken cancellationToken)
    {
        var ids = await session.Query<TSaga>().Where(query.FilterExpression).Select(x => x.CorrelationId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new DefaultSagaRepositoryQueryContext<TSaga>(this, ids.ToList());
    }
}
