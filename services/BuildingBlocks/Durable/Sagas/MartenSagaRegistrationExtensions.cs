using Marten;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;

namespace PowerMicro.Durable.Sagas;

public static class MartenSagaRegistrationExtensions
{
    /// <summary>
    /// Stores the saga's instances as Marten documents (id = CorrelationId) with optimistic concurrency.
    /// Finalized instances are deleted, or kept as soft-deleted documents when <paramref name="archiveFinalized"/>.
    /// Usage: <c>x.AddSagaStateMachine&lt;M, S&gt;().MartenRepository();</c>
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> MartenRepository<TSaga>(this ISagaRegistrationConfigurator<TSaga> configurator,
        bool archiveFinalized = false)
        where TSaga : class, ISagaVersion
    {
        configurator.Repository(r =>
        {
            r.ConfigureMarten(options =>
            {
                var mapping = options.Schema.For<TSaga>().Identity(x => x.CorrelationId).UseOptimisticConcurrency(true);
                if (archiveFinalized) mapping.SoftDeleted();
            });
            r.RegisterLoadSagaRepository<TSaga, MartenSagaRepositoryContextFactory<TSaga>>();
            r.RegisterQuerySagaRepository<TSaga, MartenSagaRepositoryContextFactory<TSaga>>();
            r.RegisterSagaRepository<TSaga, IDocumentStore, SagaConsumeContextFactory<IDocumentStore, TSaga>,
                MartenSagaRepositoryContextFactory<TSaga>>();
        });
        return configurator;
    }
}
