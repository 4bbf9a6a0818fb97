using Marten;
using MassTransit;
using MassTransit.Saga;
using PowerMicro.Durable.EventStore;

namespace PowerMicro.Durable.Sagas;

/// <summary>
/// Gives each consumed message its own Marten session: the saga instance is loaded, changed by the
/// state machine and saved in that session, together with anything the state machine appended to it
/// (domain events for the relay, inbox records) — one transaction.
/// </summary>
public sealed class MartenSagaRepositoryContextFactory<TSaga>(
    IDocumentStore store, ISagaConsumeContextFactory<IDocumentStore, TSaga> factory) :
    ISagaRepositoryContextFactory<TSaga>,
    ILoadSagaRepositoryContextFactory<TSaga>,
    IQuerySagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISagaVersion
{
    public void Probe(ProbeContext context) => context.Add("persistence", "marten");

    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next) where T : class
    {
        await using var session = await store.OpenTracedSessionAsync(context.CancellationToken);
        var repositoryContext = new MartenSagaRepositoryContext<TSaga, T>(session, store, context, factory);
        await next.Send(repositoryContext).ConfigureAwait(false);
    }

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query,
        IPipe<SagaRepositoryQueryContext<TSaga, T>> next) where T : class
    {
        await using var session = await store.OpenTracedSessionAsync(context.CancellationToken);
        var repositoryContext = new MartenSagaRepositoryContext<TSaga, T>(session, store, context, factory);
        var instances = await session.Query<TSaga>().Where(query.FilterExpression)
            .ToListAsync(context.CancellationToken).ConfigureAwait(false);
        await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances)).ConfigureAwait(false);
    }

    public async Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class
    {
        await using var session = store.QuerySession();
        return await asyncMethod(new MartenSagaQueryContext<TSaga>(session, cancellationToken)).ConfigureAwait(false);
    }

    public async Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class
    {
        await using var session = store.QuerySession();
        return await asyncMethod(new MartenSagaQueryContext<TSaga>(session, cancellationToken)).ConfigureAwait(false);
    }
}
