using System.Diagnostics;
using System.Globalization;
using Marten;
using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;

namespace PowerMicro.Durable.Scheduling;

/// <summary>
/// The scheduler endpoint: stores each <see cref="ScheduleMessage"/> (the complete serialized message to
/// send later) as a <see cref="ScheduledMessage"/> document, and marks it cancelled on
/// <see cref="CancelScheduledMessage"/>. <see cref="ScheduledMessageDispatcher"/> sends what is due.
/// </summary>
public sealed class ScheduleMessageConsumer(IDocumentStore store, TimeProvider clock) :
    IConsumer<ScheduleMessage>, IConsumer<CancelScheduledMessage>
{
    public async Task Consume(ConsumeContext<ScheduleMessage> context)
    {
        var body = context.SerializerContext.GetMessageSerializer(context.Message.Payload, context.Message.PayloadType)
            .GetMessageBody(new MessageSendContext<ScheduleMessage>(context.Message));
        var message = new ScheduledMessage
        {
            Id = context.Message.CorrelationId,
            DueAt = new DateTimeOffset(DateTime.SpecifyKind(context.Message.ScheduledTime, DateTimeKind.Utc)),
            Destination = context.Message.Destination.ToString(),
            ContentType = context.ReceiveContext.ContentType?.ToString() ?? "application/vnd.masstransit+json",
            Body = body.GetString(),
            MessageId = context.MessageId,
            CorrelationId = context.CorrelationId,
            ConversationId = context.ConversationId,
            InitiatorId = context.InitiatorId,
            TraceParent = Activity.Current?.Id,
            Headers = context.Headers.GetAll()
                .Where(h => h.Value is not null)
                .ToDictionary(h => h.Key, h => Convert.ToString(h.Value, CultureInfo.InvariantCulture)!),
        };

        await using var session = store.LightweightSession();
        var existing = await session.LoadAsync<ScheduledMessage>(message.Id, context.CancellationToken);
        if (existing is { Cancelled: true }) return;
        session.Store(message);
        await session.SaveChangesAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<CancelScheduledMessage> context)
    {
        await using var session = store.LightweightSession();
        // The marker outlives any schedule that could still be in flight, then the dispatcher removes it.
        session.Store(new ScheduledMessage
        {
            Id = context.Message.TokenId,
            Cancelled = true,
            DueAt = clock.GetUtcNow().AddDays(1),
        });
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
