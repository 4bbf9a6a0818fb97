using MassTransit;
using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;
using PowerMicro.Dispatch.Deadlines;
using PowerMicro.Durable.Writing;

namespace PowerMicro.Dispatch.WorkOrders;

/// <summary>A repair taken in by intake becomes a work order (other kinds are not dispatch's).</summary>
public sealed class RepairReceivedConsumer(WorkOrderWrites writes) : IConsumer<OrderReceived>
{
    public async Task Consume(ConsumeContext<OrderReceived> context)
    {
        if (!OrderCatalog.HandledBy(context.Message.Kind, Handling.Dispatch)) return;
        (await writes.Open(context.Message, context.MessageId, context.CancellationToken)).ThrowIfChangedConcurrently();
    }
}

/// <summary>An unsatisfied callback reopened a repair: dispatch it again (next round, new deadlines).</summary>
public sealed class RepairReopenedConsumer(WorkOrderWrites writes) : IConsumer<OrderReopened>
{
    public async Task Consume(ConsumeContext<OrderReopened> context)
    {
        if (!OrderCatalog.HandledBy(context.Message.Kind, Handling.Dispatch)) return;
        (await writes.Reopen(context.Message, context.MessageId, context.CancellationToken)).ThrowIfChangedConcurrently();
    }
}
