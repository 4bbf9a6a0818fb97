using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using PowerMicro.Contracts;

namespace PowerMicro.Intake.PublicEvents.Contracts;

/// <summary>
/// JSON Schemas (2020-12) of the public events, generated from the contract records in contracts/: the data of
/// each event (the record without its per-service sequence, times as RFC 3339 UTC, enums from
/// <see cref="EventValues"/>) and the CloudEvents envelope around it.
/// </summary>
public static class EventSchemas
{
    public static IReadOnlyList<Type> EventTypes { get; } = typeof(IOrderEvent).Assembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IOrderEvent).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

    public static Type? ByEventName(string eventName) => EventTypes.FirstOrDefault(t => PublicEventNames.EventName(t.Name) == eventName);

    /// <summary>The schema of an event's data.</summary>
    public static JsonObject Data(Type eventType)
    {
        var schema = PublicEventNames.Json.GetJsonSchemaAsNode(eventType, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                var type = Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type;
                if (type == typeof(DateTimeOffset))
                {
                    var nullable = type != context.TypeInfo.Type || context.PropertyInfo?.IsGetNullable == true;
                    node = new JsonObject
                    {
                        ["type"] = nullable ? new JsonArray("string", "null") : "string",
                        ["format"] = "date-time",
                    };
                }
                if (context.PropertyInfo is { } named && node is JsonObject masked && PersonalData.Describe(named.Name) is { } description)
                    masked["description"] = description;
                if (context.PropertyInfo is { } property && node is JsonObject o && Values(eventType.Name, property.Name) is { } values)
                {
                    var allowed = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
                    if (o["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null")) allowed.Add(null);
                    o["enum"] = allowed;
                }
                return node;
            },
        }).AsObject();
        foreach (var hidden in new[] { "sequence", PersonalData.Withheld })
        {
            (schema["properties"] as JsonObject)?.Remove(hidden);
            if (schema["required"] is JsonArray required)
                foreach (var item in required.Where(r => r?.GetValue<string>() == hidden).ToList()) required.Remove(item);
        }
        return schema;
    }

    private static string[]? Values(string eventName, string field) =>
        EventValues.ByEventField.TryGetValue((eventName, field), out var special) ? special
        : EventValues.ByField.TryGetValue(field, out var values) ? values : null;

    /// <summary>The CloudEvents envelope of one event type, its data inline: a standalone schema.</summary>
    public static JsonObject Envelope(Type eventType, JsonNode data) => new()
    {
        ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
        ["title"] = PublicEventNames.CloudEventType(eventType.Name),
        ["type"] = "object",
        ["required"] = new JsonArray("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "kind", "sequence", "position", "data"),
        ["properties"] = new JsonObject
        {
            ["specversion"] = new JsonObject { ["const"] = "1.0" },
            ["id"] = new JsonObject { ["type"] = "string", ["format"] = "uuid", ["description"] = "The stored event's id: the same on every republish; de-duplicate by it." },
            ["source"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(EventValues.ByField["source"].Select(s => (JsonNode?)$"urn:powermicro:{s}").ToArray()) },
            ["type"] = new JsonObject { ["const"] = PublicEventNames.CloudEventType(eventType.Name) },
            ["subject"] = new JsonObject { ["type"] = "string", ["format"] = "uuid", ["description"] = "The order id." },
            ["time"] = new JsonObject { ["type"] = "string", ["format"] = "date-time", ["description"] = "When it happened, RFC 3339 UTC." },
            ["datacontenttype"] = new JsonObject { ["const"] = "application/json" },
            ["kind"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(EventValues.ByField["kind"].Select(k => (JsonNode?)k).ToArray()) },
            ["sequence"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["description"] = "The order's sequence across every service: 1, 2, 3 … without gaps or repeats." },
            ["position"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["description"] = "Commit-ordered position: the cursor of GET /api/events?after=." },
            ["data"] = data,
        },
    };

    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true };
}
