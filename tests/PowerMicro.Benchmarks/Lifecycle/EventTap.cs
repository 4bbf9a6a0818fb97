using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>An integration event as an integrator sees it: its name (from the message URN), order and body.</summary>
public sealed record TapEvent(string Name, Guid OrderId, JsonElement Message);

/// <summary>
/// The benchmark's own integrator queue (exclusive, auto-delete) bound to PowerMicro.Contracts:IOrderEvent, which
/// carries every order event: the driver reacts to them as agents and crews would, and times them on arrival.
/// </summary>
public sealed class EventTap : IAsyncDisposable
{
    public const string Exchange = "PowerMicro.Contracts:IOrderEvent";
    private IConnection? connection;
    private IChannel? channel;
    public long Received;

    public async Task StartAsync(Uri rabbitMq, Func<TapEvent, Task> onEvent)
    {
        connection = await new ConnectionFactory { Uri = rabbitMq, ClientProvidedName = "bench-lifecycle-tap" }.CreateConnectionAsync();
        channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        var queue = (await channel.QueueDeclareAsync("bench-lifecycle-" + Guid.NewGuid().ToString("N")[..8], durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, Exchange, "");
        await channel.BasicQosAsync(0, 2000, false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            Interlocked.Increment(ref Received);
            if (Parse(delivery.Body) is { } e) await onEvent(e);
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
    }

    private static TapEvent? Parse(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (!root.TryGetProperty("messageType", out var types) || types.GetArrayLength() == 0) return null;
        var name = types[0].GetString()!.Split(':')[^1];
        var message = root.GetProperty("message").Clone();
        return message.TryGetProperty("orderId", out var id) && id.TryGetGuid(out var orderId) ? new TapEvent(name, orderId, message) : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (channel is not null) await channel.DisposeAsync();
        if (connection is not null) await connection.DisposeAsync();
    }
}
