using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace PowerMicro.Intake.PublicEvents;

/// <summary>
/// A journal entry as a CloudEvents 1.0 structured JSON message: id = the stored event's id, source
/// urn:powermicro:&lt;service&gt;, type cn.powermicro.&lt;event&gt;.v1, subject = the order id, and the
/// extension attributes kind, sequence (the order's, 1, 2, 3 …) and position (the catch-up cursor).
/// </summary>
public static class PublicCloudEvents
{
    public const string ContentType = "application/cloudevents+json; charset=utf-8";

    public static readonly CloudEventAttribute Kind = CloudEventAttribute.CreateExtension("kind", CloudEventAttributeType.String);
    public static readonly CloudEventAttribute Sequence = CloudEventAttribute.CreateExtension("sequence", CloudEventAttributeType.Integer);
    public static readonly CloudEventAttribute Position = CloudEventAttribute.CreateExtension("position", CloudEventAttributeType.Integer);

    private static readonly JsonEventFormatter Formatter = new(PublicEventNames.Json, new System.Text.Json.JsonDocumentOptions());

    public static CloudEvent From(PublicOrderEvent entry, long sequence, long position)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, [Kind, Sequence, Position])
        {
            Id = entry.SourceEventId.ToString(),
            Source = new Uri($"urn:powermicro:{entry.Source}"),
            Type = PublicEventNames.CloudEventType(entry.Type),
            Subject = entry.OrderId.ToString(),
            // Microseconds (what PostgreSQL keeps), so time has the same six fraction digits as the times in data.
            Time = new DateTimeOffset(entry.OccurredAt.UtcTicks - entry.OccurredAt.UtcTicks % 10, TimeSpan.Zero),
            DataContentType = "application/json",
            Data = entry.Data,
        };
        cloudEvent[Kind] = entry.Kind;
        cloudEvent[Sequence] = checked((int)sequence);
        cloudEvent[Position] = checked((int)position);
        return cloudEvent;
    }

    public static ReadOnlyMemory<byte> Encode(CloudEvent cloudEvent) => Formatter.EncodeStructuredModeMessage(cloudEvent, out _);

    public static JsonNode ToJson(CloudEvent cloudEvent) => JsonNode.Parse(Encode(cloudEvent).Span)!;
}
