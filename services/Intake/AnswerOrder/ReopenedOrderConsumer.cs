using MassTransit;
using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Inbox;
using PowerMicro.Durable.Writing;
using PowerMicro.Intake.Orders;

namespace PowerMicro.Intake.AnswerOrder;

/// <summary>
/// An unsatisfied callback reopened an order intake completes (an inquiry, a business application): the
/// order may be answered again (POST …/answer), and that completion is the reopening's round. Stale or
/// repeated reopenings (a round not newer than the order's) change nothing.
/// </summary>
public sealed class ReopenedOrderConsumer(AggregateWriter writer, ILogger<ReopenedOrderConsumer> logger)
    : IConsumer<OrderReopened>
{
    public async Task Consume(ConsumeContext<OrderReopened> context)
    {
        var reopened = context.Message;
        if (OrderCatalog.Find(reopened.Kind) is not { CompletedAtIntake: true }) return;
        var result = (await writer.Write(reopened.OrderId, new ReopenAtIntake(reopened), OrderDecisions.Reopen,
            new WriteSteps<OrderState, ReopenAtIntake> { Inbox = (nameof(ReopenedOrderConsumer), context.MessageId) },
            context.CancellationToken)).ThrowIfChangedConcurrently();
        if (result is WriteResult<OrderState>.Written { Events.Count: > 0 })
            logger.LogInformation("Order {OrderId} reopened for round {Round}: it can be answered again", reopened.OrderId, reopened.Round);
        else
            logger.LogInformation("Reopening (round {Round}) of order {OrderId} needs nothing here", reopened.Round, reopened.OrderId);
    }
}
