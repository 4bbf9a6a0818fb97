using MassTransit;
using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;
using PowerMicro.Dispatch.Deadlines;

namespace PowerMicro.Dispatch.WorkOrders;

/// <summary>A repair taken in by intake becomes a work order (other kinds are not dispatch's).</summary>
public sealed class RepairReceivedConsumer(DispatchDesk desk) : IConsumer<OrderReceived>
{
    public Task Consume(ConsumeContext<OrderReceived> context) =>
        OrderCatalog.HandledBy(context.Message.Kind, Handling.Dispatch)
            ? desk.OpenRepair(context.Message, context.MessageId, context.CancellationToken)
            : Task.CompletedTask;
}

/// <summary>An unsatisfied callback reopened a repair: dispatch it again (next round, new deadlines).</summary>
public sealed class RepairReopenedConsumer(DispatchDesk desk) : IConsumer<OrderReopened>
{
    public Task Consume(ConsumeContext<OrderReopened> context) =>
        OrderCatalog.HandledBy(context.Message.Kind, Handling.Dispatch)
            ? desk.Reopen(context.Message, context.MessageId, context.CancellationToken)
            : Task.CompletedTask;
}

/// <summary>A deadline's durable timer: SlaBreached if its step is still not done (re-checked against the stream).</summary>
public sealed class DeadlineDueConsumer(DispatchDesk desk) : IConsumer<DeadlineDue>
{
    public Task Consume(ConsumeContext<DeadlineDue> context) => desk.DeadlineDue(context.Message, context.CancellationToken);
}
