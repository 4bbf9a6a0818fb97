using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace PowerMicro.Durable.Messaging.ErrorQueues;

/// <summary>What an operator needs to know of a message in an error queue, from its envelope and MassTransit's fault headers.</summary>
public sealed record FaultedMessage(
    string Queue, string? MessageId, string? MessageType, string? OrderId,
    string? ExceptionType, string? ExceptionMessage, string? FaultedAt, string? ConsumerType, string? InputAddress)
{
    public const string FaultHeaderPrefix = "MT-Fault-";
    public const string ReasonHeader = "MT-Reason";

    public static FaultedMessage From(string queue, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        string? Header(string name) => properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => null, _ => value.ToString() }
            : null;

        string? messageType = null, orderId = null, messageId = properties.MessageId;
        try
        {
            using var envelope = JsonDocument.Parse(body);
            var root = envelope.RootElement;
            if (root.TryGetProperty("messageId", out var id) && id.ValueKind == JsonValueKind.String) messageId ??= id.GetString();
            if (root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0)
                messageType = types[0].GetString();
            if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                && message.TryGetProperty("orderId", out var order))
                orderId = order.ToString();
        }
        catch (JsonException)
        {
            messageType = "(not a JSON envelope: " + (properties.ContentType ?? "no content type") + ")";
        }

        return new FaultedMessage(queue, messageId, messageType ?? Header("MT-Fault-MessageType"), orderId,
            Header("MT-Fault-ExceptionType"), Header("MT-Fault-Message"), Header("MT-Fault-Timestamp"),
            Header("MT-Fault-ConsumerType"), Header("MT-Fault-InputAddress"));
    }
}
