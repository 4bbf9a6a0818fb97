using Marten;
using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace PowerMicro.Durable.Sagas;

/// <summary>
/// One message's view of the saga repository. Marten's optimistic concurrency makes a concurrent
/// change fail the save (ConcurrencyException / DocumentAlreadyExistsException), so MassTransit's retry
/// runs the message again on the fresh state instead of losing it or applying it twice.
/// The session is a payload of the consume context: a state machine activity can append events to it
/// (<c>context.GetPayload&lt;IDocumentSession&gt;()</c>) and they commit with the saga.
/// </summary>
public sealed class MartenSagaRepositoryContext<TSaga, TMessage> :
    ConsumeContextScope<TMessage>,
    SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISagaVersion
    where TMessage : class
{
    private readonly IDocumentSession _session;
    private readonly IDocumentStore _store;
    private readonly ISagaConsumeContextFactory<IDocumentStore, TSaga> _factory;

    public MartenSagaRepositoryContext(IDocumentSession session, IDocumentStore store, ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<IDocumentStore, TSaga> factory)
        : base(consumeContext)
    {
        GetOrAddPayload<IDocumentSession>(() => session);
        _session = session;
        _store = store;
        _factory = factory;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance,
        SagaConsumeContextMode mode) where T : class =>
        _factory.CreateSagaConsumeContext(_store, consumeContext, instance, mode);

    // The saga consume contexts wrap this scope (not the original context), so the session payload reaches the activities.
    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        _factory.CreateSagaConsumeContext(_store, this, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        // Insert-on-initial: stored before the behavior runs, in its own short session.
        await using var insert = _store.LightweightSession();
        insert.Insert(instance);
        await insert.SaveChangesAsync(CancellationToken).ConfigureAwait(false);
        return await _factory.CreateSagaConsumeContext(_store, this, instance, SagaConsumeContextMode.Insert)
            .ConfigureAwait(false);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await _session.LoadAsync<TSaga>(correlationId, CancellationToken).ConfigureAwait(false);
        return instance is null
            ? null!
            : await _factory.CreateSagaConsumeContext(_store, this, instance, SagaConsumeContextMode.Load).ConfigureAwait(false);
    }

    public Task Save(SagaConsumeContext<TSaga> context)
    {
        context.Saga.Version = 1;
        _session.Insert(context.Saga);
        return _session.SaveChangesAsync(CancellationToken);
    }

    public Task Update(SagaConsumeContext<TSaga> context)
    {
        context.Saga.Version++;
        _session.Update(context.Saga);
        return _session.SaveChangesAsync(CancellationToken);
    }

    public Task Delete(SagaConsumeContext<TSaga> context)
    {
        // A soft-deleted saga type (MartenSagaOptions.ArchiveFinalized) keeps the finalized instance, marked deleted.
        _session.Delete(context.Saga);
        return _session.SaveChangesAsync(CancellationToken);
    }

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        _session.EjectAllPendingChanges();
        return Task.CompletedTask;
    }
}
