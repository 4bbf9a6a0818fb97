using MassTransit;
using PowerMicro.Contracts;

namespace PowerMicro.Intake.OrderView;

/// <summary>
/// Events of one order are applied one at a time (partitioned by order id), so they never race each other
/// on the view's version; events of different orders still run in parallel.
/// </summary>
public sealed class OrderViewConsumerDefinition : ConsumerDefinition<OrderViewConsumer>
{
    public const int Partitions = 32;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<OrderViewConsumer> consumerConfigurator, IRegistrationContext context) =>
        consumerConfigurator.Message<IOrderEvent>(m => m.UsePartitioner(Partitions, c => c.Message.OrderId));
}
