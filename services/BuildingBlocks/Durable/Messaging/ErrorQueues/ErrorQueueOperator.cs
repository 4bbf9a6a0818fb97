using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using RabbitMQ.Client;

namespace PowerMicro.Durable.Messaging.ErrorQueues;

/// <summary>
/// What deploy/errors.sh does: finds the error queues of a virtual host (management API), lists their
/// messages without taking them (AMQP get, then requeue), and re-drives them to the queue they failed
/// in one at a time: the copy is published with the broker's confirm before the original is acknowledged,
/// so a failure at any step leaves the message in the error queue (at worst delivered twice, which the
/// consumers' inbox absorbs), never lost.
/// </summary>
public sealed class ErrorQueueOperator(RabbitMqAddress address, Uri management)
{
    public sealed record ErrorQueue(string Name, long Messages);

    public async Task<IReadOnlyList<ErrorQueue>> QueuesAsync(CancellationToken cancellationToken = default)
    {
        using var client = new HttpClient { BaseAddress = new UriBuilder(management) { UserName = "", Password = "" }.Uri };
        var credentials = string.IsNullOrEmpty(management.UserInfo)
            ? $"{address.Username}:{address.Password}" : Uri.UnescapeDataString(management.UserInfo);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        var queues = await client.GetFromJsonAsync<List<QueueInfo>>(
            $"api/queues/{Uri.EscapeDataString(address.VirtualHost)}?columns=name", cancellationToken) ?? [];

        // The management API's counts lag by its statistics interval; the broker's own count is exact.
        await using var connection = await BrokerConnection.OpenAsync(address, "errors.sh", cancellationToken);
        var errorQueues = new List<ErrorQueue>();
        foreach (var name in queues.Select(q => q.Name).Where(n => n.EndsWith(ErrorQueueRegistry.Suffix, StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
            errorQueues.Add(new ErrorQueue(name, await BrokerConnection.CountAsync(connection, name, cancellationToken)));
        return errorQueues;
    }

    private sealed record QueueInfo(string Name);

    /// <summary>Up to <paramref name="max"/> messages of the queue, left in place (in their order).</summary>
    public async Task<IReadOnlyList<FaultedMessage>> PeekAsync(string queue, int max = 1000, CancellationToken cancellationToken = default)
    {
        await using var connection = await BrokerConnection.OpenAsync(address, "errors.sh list", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var messages = new List<FaultedMessage>();
        ulong last = 0;
        while (messages.Count < max && await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } got)
        {
            messages.Add(FaultedMessage.From(queue, got.BasicProperties, got.Body));
            last = got.DeliveryTag;
        }
        if (last > 0) await channel.BasicNackAsync(last, multiple: true, requeue: true, cancellationToken);
        return messages;
    }

    /// <summary>
    /// Moves the messages that are in the error queue now (not those that fail again meanwhile) back to
    /// <paramref name="target"/> (default: the queue named without "_error"); returns how many moved.
    /// </summary>
    public async Task<int> RedriveAsync(string queue, string? target = null, CancellationToken cancellationToken = default)
    {
        if (!queue.EndsWith(ErrorQueueRegistry.Suffix, StringComparison.Ordinal))
            throw new ArgumentException($"'{queue}' is not an error queue (its name ends in {ErrorQueueRegistry.Suffix}).", nameof(queue));
        target ??= queue[..^ErrorQueueRegistry.Suffix.Length];

        await using var connection = await BrokerConnection.OpenAsync(address, "errors.sh redrive", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        var waiting = (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        await channel.QueueDeclarePassiveAsync(target, cancellationToken); // the target must exist: never publish into nothing

        var moved = 0;
        while (moved < waiting && await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } got)
        {
            var properties = new BasicProperties(got.BasicProperties)
            {
                Headers = got.BasicProperties.Headers?
                    .Where(h => !h.Key.StartsWith(FaultedMessage.FaultHeaderPrefix, StringComparison.Ordinal) && h.Key != FaultedMessage.ReasonHeader)
                    .ToDictionary(h => h.Key, h => h.Value),
            };
            // mandatory + confirm: returns when the broker has the copy in the target queue, throws otherwise.
            await channel.BasicPublishAsync("", target, mandatory: true, properties, got.Body.ToArray(), cancellationToken);
            await channel.BasicAckAsync(got.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }
        return moved;
    }
}
