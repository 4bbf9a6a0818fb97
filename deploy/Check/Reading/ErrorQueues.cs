using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PowerMicro.Check.Reading;

/// <summary>A message parked in an error (or skipped) queue: what it is, which order, why.</summary>
public sealed record ParkedMessage(string MessageType, Guid? OrderId, string? Exception);

public sealed record ParkedQueue(string Name, long Messages, IReadOnlyList<ParkedMessage> Sample);

/// <summary>The error and skipped queues, and the messages still waiting in queues that consumers work through.</summary>
public sealed record QueueState(IReadOnlyList<ParkedQueue> Parked, IReadOnlyDictionary<string, long> Waiting);

/// <summary>
/// MassTransit's "_error" queues (messages whose consumer gave up) and "_skipped" queues (messages no consumer took)
/// of the virtual host, read through the RabbitMQ management API. Messages are looked at and requeued, not taken.
/// </summary>
public static class ErrorQueues
{
    public const int SamplePerQueue = 50;

    public static async Task<QueueState> ReadAsync(Uri management, string virtualHost, CancellationToken cancellationToken)
    {
        using var client = Client(management);
        var vhost = Uri.EscapeDataString(virtualHost);
        var queues = await client.GetFromJsonAsync<JsonElement>($"api/queues/{vhost}?columns=name,messages,consumers", cancellationToken);
        var parked = new List<ParkedQueue>();
        var waiting = new Dictionary<string, long>();
        foreach (var queue in queues.EnumerateArray())
        {
            var name = queue.GetProperty("name").GetString() ?? "";
            var messages = Number(queue, "messages");
            if (!name.EndsWith("_error", StringComparison.Ordinal) && !name.EndsWith("_skipped", StringComparison.Ordinal))
            {
                // Work still queued for a running consumer (a queue nobody consumes, e.g. an integrator's, is not the system's work).
                if (messages > 0 && Number(queue, "consumers") > 0) waiting[name] = messages;
                continue;
            }
            // The management API's counters lag a few seconds behind the queue: always look.
            var sample = await Peek(client, vhost, name, cancellationToken);
            parked.Add(new ParkedQueue(name, Math.Max(messages, sample.Count), sample));
        }
        return new QueueState(parked, waiting);
    }

    private static long Number(JsonElement queue, string name) =>
        queue.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static async Task<List<ParkedMessage>> Peek(HttpClient client, string vhost, string queue, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync($"api/queues/{vhost}/{Uri.EscapeDataString(queue)}/get",
            new { count = SamplePerQueue, ackmode = "ack_requeue_true", encoding = "auto", truncate = 50000 }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return messages.EnumerateArray().Select(Describe).ToList();
    }

    private static ParkedMessage Describe(JsonElement delivered)
    {
        var headers = delivered.TryGetProperty("properties", out var p) && p.TryGetProperty("headers", out var h) ? h : default;
        string? Header(string name) => headers.ValueKind == JsonValueKind.Object && headers.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString() : null;

        string type = Header("MT-MessageType") ?? "unknown";
        Guid? orderId = null;
        try
        {
            using var envelope = JsonDocument.Parse(delivered.GetProperty("payload").GetString() ?? "");
            var root = envelope.RootElement;
            if (root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0)
                type = types[0].GetString() ?? type;
            if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
                orderId = GuidOf(message, "orderId") ?? GuidOf(message, "correlationId");
            orderId ??= GuidOf(root, "correlationId");
        }
        catch (JsonException)
        {
            type = "unreadable body";
        }
        var exception = Header("MT-Fault-ExceptionType") is { } kind ? $"{kind}: {Header("MT-Fault-Message")}" : Header("MT-Reason");
        return new ParkedMessage(type.Replace("urn:message:", ""), orderId, exception);
    }

    private static Guid? GuidOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id)
            ? id : null;

    private static HttpClient Client(Uri management)
    {
        var client = new HttpClient { BaseAddress = new UriBuilder(management) { UserName = "", Password = "" }.Uri, Timeout = TimeSpan.FromSeconds(15) };
        var credentials = string.IsNullOrEmpty(management.UserInfo) ? "guest:guest" : Uri.UnescapeDataString(management.UserInfo);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return client;
    }
}
