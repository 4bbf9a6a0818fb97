using Marten;
using MassTransit;
using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;
using PowerMicro.Durable.Inbox;
using PowerMicro.Durable.EventStore;
using PowerMicro.Intake.Orders;

namespace PowerMicro.Intake.AnswerOrder;

/// <summary>
/// An unsatisfied callback reopened an order intake completes (an inquiry, a business application): the
/// order may be answered again (POST …/answer), and that completion is the reopening's round. Stale or
/// repeated reopenings (a round not newer than the order's) change nothing.
/// </summary>
public sealed class ReopenedOrderConsumer(IDocumentStore store, TimeProvider clock, ILogger<ReopenedOrderConsumer> logger)
    : IConsumer<OrderReopened>
{
    public async Task Consume(ConsumeContext<OrderReopened> context)
    {
        var reopened = context.Message;
        if (OrderCatalog.Find(reopened.Kind) is not { CompletedAtIntake: true }) return;
        var now = clock.GetUtcNow();

        await using var session = await store.OpenTracedSessionAsync(context.CancellationToken);
        if (!await session.TryBeginHandling(nameof(ReopenedOrderConsumer), context.MessageId, now, context.CancellationToken)) return;
        var stream = await session.Events.FetchForWriting<OrderState>(reopened.OrderId, context.CancellationToken);
        if (stream.Aggregate is not { } order || !order.Answered || reopened.Round <= order.Round)
        {
            logger.LogInformation("Reopening (round {Round}) of order {OrderId} needs nothing here", reopened.Round, reopened.OrderId);
            await session.SaveChangesAsync(context.CancellationToken);
            return;
        }
        stream.AppendOne(new ReopenedAtIntake(reopened.OrderId, now, reopened.Round, reopened.Reason));
        await session.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Order {OrderId} reopened for round {Round}: it can be answered again", reopened.OrderId, reopened.Round);
    }
}
