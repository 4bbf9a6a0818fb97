using System.Diagnostics;
using System.Globalization;
using Marten;
using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using Microsoft.Extensions.Logging;

namespace PowerMicro.Durable.Scheduling;

/// <summary>
/// The scheduler endpoint: stores each <see cref="ScheduleMessage"/> (the complete serialized message to
/// send later) as a <see cref="ScheduledMessage"/> document, and marks it cancelled on
/// <see cref="CancelScheduledMessage"/>. <see cref="ScheduledMessageDispatcher"/> sends what is due.
/// </summary>
public sealed class ScheduleMessageConsumer(IDocumentStore store, TimeProvider clock, ILogger<ScheduleMessageConsumer> logger) :
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
            OrderId = Tracing.OrderIds.Of(context.Message)
                      ?? (Guid.TryParse(ServiceDefaults.Telemetry.PowerMicroActivity.OrderOf(Activity.Current), out var orderId) ? orderId : null),
            Headers = context.Headers.GetAll()
                .Where(h => h.Value is not null)
                .ToDictionary(h => h.Key, h => Convert.ToString(h.Value, CultureInfo.InvariantCulture)!),
        };

        // A token is scheduled once (MassTransit gives every Schedule() a new token): insert it, and if
        // its document exists already (a redelivery, or its cancel came first) leave that one alone.
        await using var session = store.LightweightSession();
        session.Insert(message);
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            logger.LogInformation("Schedule {TokenId} already stored or cancelled; ignored", message.Id);
        }
    }

    public async Task Consume(ConsumeContext<CancelScheduledMessage> context)
    {
        // The cancel overwrites whatever is stored, or is stored first so that a late schedule is
        // ignored; the marker outlives any schedule still in flight, then the dispatcher removes it.
        await using var session = store.LightweightSession();
        session.Store(new ScheduledMessage
        {
            Id = context.Message.TokenId,
            Cancelled = true,
            DueAt = clock.GetUtcNow().AddDays(1),
        });
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
