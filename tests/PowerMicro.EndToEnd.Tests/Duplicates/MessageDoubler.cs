using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using PowerMicro.Testing.Processes;

namespace PowerMicro.EndToEnd.Tests.Duplicates;

/// <summary>
/// Delivers every message of a system twice, the way a broker may after a lost ack: a queue of its own on the
/// system's virtual host, bound to every exchange the services use (events, commands to endpoints, the
/// scheduler's sends), and each message seen there published once more to the exchange it was first sent to,
/// same body, same properties and message id. Every consumer then sees each message twice.
/// </summary>
public sealed class MessageDoubler : IAsyncDisposable
{
    private const string Queue = "e2e-doubler";
    private const string CopyHeader = "x-e2e-copy";
    private readonly SystemServers _servers;
    private readonly ConcurrentDictionary<(string Exchange, string Id), byte> _seen = new();
    private readonly ConcurrentDictionary<string, int> _copiesByExchange = new();
    private readonly HashSet<string> _bound = [];
    private readonly CancellationTokenSource _stop = new();
    private IConnection _connection = null!;
    private IChannel _listen = null!, _publish = null!;
    private Task _binding = Task.CompletedTask;

    private MessageDoubler(SystemServers servers) => _servers = servers;

    public int Copies => _copiesByExchange.Values.Sum();
    public IReadOnlyDictionary<string, int> CopiesByExchange => _copiesByExchange;

    public static async Task<MessageDoubler> StartAsync(SystemServers servers)
    {
        var doubler = new MessageDoubler(servers);
        doubler._connection = await new ConnectionFactory { Uri = servers.RabbitMq }.CreateConnectionAsync("e2e-doubler");
        doubler._listen = await doubler._connection.CreateChannelAsync();
        doubler._publish = await doubler._connection.CreateChannelAsync();
        await doubler._listen.QueueDeclareAsync(Queue, durable: false, exclusive: true, autoDelete: true);
        await doubler.BindNewExchangesAsync();
        var consumer = new AsyncEventingBasicConsumer(doubler._listen);
        consumer.ReceivedAsync += (_, delivery) => doubler.OnDeliveryAsync(delivery);
        await doubler._listen.BasicConsumeAsync(Queue, autoAck: false, consumer);
        doubler._binding = doubler.KeepBindingAsync(doubler._stop.Token);
        return doubler;
    }

    private async Task OnDeliveryAsync(BasicDeliverEventArgs delivery)
    {
        var properties = delivery.BasicProperties;
        var isCopy = properties.Headers?.ContainsKey(CopyHeader) == true;
        // One copy per message and first exchange: a message reaches this queue once per exchange it passed through.
        var id = properties.MessageId ?? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(delivery.Body.Span));
        if (!isCopy && delivery.Exchange.Length > 0 && _seen.TryAdd((delivery.Exchange, id), 0))
        {
            var copy = new BasicProperties(properties)
            {
                Headers = new Dictionary<string, object?>(properties.Headers ?? new Dictionary<string, object?>()) { [CopyHeader] = 1 },
            };
            await _publish.BasicPublishAsync(delivery.Exchange, delivery.RoutingKey, mandatory: false, copy, delivery.Body.ToArray());
            _copiesByExchange.AddOrUpdate(delivery.Exchange, 1, (_, n) => n + 1);
        }
        await _listen.BasicAckAsync(delivery.DeliveryTag, multiple: false);
    }

    /// <summary>Endpoints and message types appear as services start and publish: bind what is new every second.</summary>
    private async Task KeepBindingAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try { await Task.Delay(TimeSpan.FromSeconds(1), stop); await BindNewExchangesAsync(); }
            catch (OperationCanceledException) { return; }
            catch (Exception e) when (e is HttpRequestException or RabbitMQ.Client.Exceptions.RabbitMQClientException) { }
        }
    }

    private async Task BindNewExchangesAsync()
    {
        var management = _servers.RabbitMqManagement;
        using var client = new HttpClient { BaseAddress = new UriBuilder(management) { UserName = "", Password = "" }.Uri };
        var credentials = string.IsNullOrEmpty(management.UserInfo) ? "guest:guest" : Uri.UnescapeDataString(management.UserInfo);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        var vhost = Uri.EscapeDataString(_servers.RabbitMq.AbsolutePath.Trim('/'));
        var exchanges = await client.GetFromJsonAsync<JsonElement>($"api/exchanges/{vhost}?columns=name,type");
        foreach (var exchange in exchanges.EnumerateArray())
        {
            var name = exchange.GetProperty("name").GetString()!;
            if (name.Length == 0 || name.StartsWith("amq.", StringComparison.Ordinal) || name.EndsWith("_error", StringComparison.Ordinal)
                || name.EndsWith("_skipped", StringComparison.Ordinal) || !_bound.Add(name)) continue;
            await _listen.QueueBindAsync(Queue, name, routingKey: exchange.GetProperty("type").GetString() == "fanout" ? "" : "#");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _binding;
        await _listen.CloseAsync();
        await _publish.CloseAsync();
        await _connection.CloseAsync();
        _connection.Dispose();
    }
}
