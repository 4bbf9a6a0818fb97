using System.Diagnostics;
using System.Net.Mime;
using System.Text.Json;
using Marten;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PowerMicro.Durable.Resilience;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Durable.Scheduling;

public sealed class SchedulerOptions
{
    /// <summary>How often the store is asked for due messages (real time, whatever the clock speed).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
    public int BatchSize { get; set; } = 200;
}

/// <summary>
/// Sends due messages. Each batch is claimed with FOR UPDATE SKIP LOCKED and deleted in the same
/// transaction after sending, so with several instances each message is sent by exactly one of them;
/// a crash between send and commit leaves it to be sent again (same message id: at least once).
/// "Due" is judged by the service's <see cref="TimeProvider"/>.
/// </summary>
public sealed class ScheduledMessageDispatcher(
    IDocumentStore store, StoreOptions storeOptions, NpgsqlDataSource dataSource, IBus bus, TimeProvider clock,
    IOptions<SchedulerOptions> options, Tracing.OrderFirstTraces firstTraces, ILogger<ScheduledMessageDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var table = $"{storeOptions.DatabaseSchemaName}.mt_doc_{ScheduledMessage.Alias}";
        var storageReady = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                // Inside the loop: instances starting together may race creating the table; the loser retries.
                if (!storageReady)
                {
                    await store.Storage.Database.EnsureStorageExistsAsync(typeof(ScheduledMessage), stoppingToken);
                    storageReady = true;
                }
                sent = await DispatchDueAsync(table, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Dispatching scheduled messages failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            if (sent < options.Value.BatchSize)
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<int> DispatchDueAsync(string table, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = new List<ScheduledMessage>();
        await using (var select = new NpgsqlCommand(
            $"select data::text from {table} where due_at <= @now order by due_at limit @batch for update skip locked",
            connection, transaction))
        {
            select.Parameters.AddWithValue("now", clock.GetUtcNow());
            select.Parameters.AddWithValue("batch", options.Value.BatchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                due.Add(store.Options.Serializer().FromJson<ScheduledMessage>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(reader.GetString(0)))));
        }
        if (due.Count == 0) return 0;

        var handled = new List<Guid>(due.Count);
        var unsendable = new List<Guid>();
        foreach (var message in due)
        {
            try
            {
                if (!message.Cancelled) await SendAsync(message, cancellationToken);
                handled.Add(message.Id);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && !PassingFailures.IsPassing(ex))
            {
                // It can never be sent as it is (its type is gone, its payload unreadable): say so loudly, try
                // again in an hour (a fixed deployment may read it), and do not hold up the messages behind it.
                logger.LogError(ex, "Scheduled message {TokenId} to {Destination} cannot be sent; trying again in an hour", message.Id, message.Destination);
                unsendable.Add(message.Id);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Sending scheduled message {TokenId} to {Destination} failed; it stays due", message.Id, message.Destination);
                break;
            }
        }
        if (unsendable.Count > 0)
        {
            await using var later = new NpgsqlCommand(
                $"update {table} set due_at = @later, data = jsonb_set(data, '{{DueAt}}', to_jsonb(@later)) where id = any(@ids)", connection, transaction);
            later.Parameters.AddWithValue("later", clock.GetUtcNow().AddHours(1));
            later.Parameters.AddWithValue("ids", unsendable.ToArray());
            await later.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var delete = new NpgsqlCommand($"delete from {table} where id = any(@ids)", connection, transaction))
        {
            delete.Parameters.AddWithValue("ids", handled.ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return handled.Count;
    }

    /// <summary>
    /// Sends in the trace that scheduled the message (its stored traceparent); a message stored without one (scheduled
    /// outside any trace) starts a trace of its own that links to its order's first trace.
    /// </summary>
    private async Task SendAsync(ScheduledMessage message, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var activity = PowerMicroActivity.Source.StartActivity("scheduler send", ActivityKind.Internal, parent);
        activity?.SetTag("powermicro.schedule_token", message.Id);
        if (message.OrderId is { } orderId && activity is not null)
        {
            activity.SetTag(PowerMicroActivity.OrderIdTag, orderId.ToString());
            if (parent == default) await firstTraces.LinkAsync(activity, orderId, cancellationToken);
        }
        if (message.MessageType is not null) await SendTypedAsync(message, cancellationToken);
        else await SendEnvelopeAsync(message, cancellationToken);
    }

    /// <summary>A message a session wrote (<see cref="SessionScheduling"/>): sent or published as its type.</summary>
    private async Task SendTypedAsync(ScheduledMessage message, CancellationToken cancellationToken)
    {
        var type = Type.GetType(message.MessageType!, throwOnError: true)!;
        var payload = JsonSerializer.Deserialize(message.Payload ?? "{}", type, SessionScheduling.Json)!;
        var pipe = Pipe.Execute<SendContext>(context =>
        {
            context.MessageId = message.MessageId;
            context.Headers.Set(MessageHeaders.SchedulingTokenId, message.Id.ToString("N"));
        });
        if (message.Destination is null) await bus.Publish(payload, type, pipe, cancellationToken);
        else await (await bus.GetSendEndpoint(new Uri(message.Destination))).Send(payload, type, pipe, cancellationToken);
    }

    /// <summary>A message that came through the scheduler queue as MassTransit's serialized envelope.</summary>
    private async Task SendEnvelopeAsync(ScheduledMessage message, CancellationToken cancellationToken)
    {
        var destination = new Uri(message.Destination!);
        var endpoint = await bus.GetSendEndpoint(destination);
        await endpoint.Send(new SerializedMessageBody(), Pipe.Execute<SendContext>(context =>
        {
            var deserializer = context.Serialization.GetMessageDeserializer(new ContentType(message.ContentType));
            var headers = new DictionarySendHeaders();
            foreach (var (key, value) in message.Headers) headers.Set(key, value);
            var serializerContext = deserializer.Deserialize(deserializer.GetMessageBody(message.Body), headers, destination);

            context.MessageId = message.MessageId;
            context.CorrelationId = message.CorrelationId;
            context.ConversationId = message.ConversationId;
            context.InitiatorId = message.InitiatorId;
            foreach (var (key, value) in message.Headers) context.Headers.Set(key, value);
            context.Headers.Set(MessageHeaders.SchedulingTokenId, message.Id.ToString("N"));
            context.Serializer = serializerContext.GetMessageSerializer();
        }), cancellationToken);
    }
}
