using MassTransit;
using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Inbox;
using PowerMicro.Durable.Resilience;
using PowerMicro.Durable.Scheduling;
using PowerMicro.Durable.Writing;
using PowerMicro.ServiceDefaults.Privacy;

namespace PowerMicro.Complaint.Cases;

/// <summary>
/// Opens a case for every complaint or report taken in: the contact and reply deadlines, and for complaints the
/// repeat rule. Other kinds are not this service's business. Idempotent: the inbox and the case stream.
/// </summary>
public sealed class OrderReceivedConsumer(CaseWrites writes) : IConsumer<OrderReceived>
{
    public Task Consume(ConsumeContext<OrderReceived> context) =>
        OrderCatalog.HandledBy(context.Message.Kind, Handling.Complaint)
            ? writes.Open(context.Message, context.MessageId, context.CancellationToken)
            : Task.CompletedTask;
}

/// <summary>An unsatisfied callback reopened a complaint or report (CaseDecisions.Reopen).</summary>
public sealed class OrderReopenedConsumer(CaseWrites writes) : IConsumer<OrderReopened>
{
    public async Task Consume(ConsumeContext<OrderReopened> context)
    {
        var reopened = context.Message;
        if (!OrderCatalog.HandledBy(reopened.Kind, Handling.Complaint)) return;
        var result = (await writes.Reopen(reopened, context.MessageId, context.CancellationToken)).ThrowIfChangedConcurrently();
        // The case is opened from OrderReceived, which may still be on its way: try again later.
        if (result is WriteResult<ComplaintCase>.Refused { Rejection.Kind: RejectionKind.NotFound })
            throw new RetryLaterException($"No complaint case {reopened.OrderId} to reopen yet.");
    }
}
