using System.Diagnostics;
using System.Net.Mime;
using Marten;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
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
    IOptions<SchedulerOptions> options, ILogger<ScheduledMessageDispatcher> logger) : BackgroundService
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
        foreach (var message in due)
        {
            try
            {
                if (!message.Cancelled) await SendAsync(message, cancellationToken);
                handled.Add(message.Id);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Sending scheduled message {TokenId} to {Destination} failed; it stays due", message.Id, message.Destination);
                break;
            }
        }

        await using (var delete = new NpgsqlCommand($"delete from {table} where id = any(@ids)", connection, transaction))
        {
            delete.Parameters.AddWithValue("ids", handled.ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return handled.Count;
    }

    private async Task SendAsync(ScheduledMessage message, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var activity = PowerMicroActivity.Source.StartActivity("scheduler send", ActivityKind.Internal, parent);
        activity?.SetTag("powermicro.schedule_token", message.Id);

        var destination = new Uri(message.Destination);
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
