using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PowerMicro.Intake.PublicEvents;

/// <summary>The names integrators see: cn.powermicro.&lt;event&gt;.v1, routing key &lt;kind&gt;.&lt;event&gt;, one time format.</summary>
public static class PublicEventNames
{
    public const string Exchange = "powermicro.events";
    private const string TypePrefix = "cn.powermicro.";
    private const string TypeSuffix = ".v1";

    /// <summary>OrderDispatched → order-dispatched.</summary>
    public static string EventName(string contractType)
    {
        var name = new StringBuilder();
        foreach (var c in contractType)
        {
            if (char.IsUpper(c) && name.Length > 0) name.Append('-');
            name.Append(char.ToLowerInvariant(c));
        }
        return name.ToString();
    }

    public static string CloudEventType(string contractType) => TypePrefix + EventName(contractType) + TypeSuffix;

    public static string RoutingKey(string kind, string contractType) => $"{kind}.{EventName(contractType)}";

    /// <summary>cn.powermicro.order-dispatched.v1 or order-dispatched → order-dispatched; null when neither.</summary>
    public static string? EventNameFromFilter(string filter) =>
        filter.StartsWith(TypePrefix, StringComparison.Ordinal) && filter.EndsWith(TypeSuffix, StringComparison.Ordinal)
            ? filter[TypePrefix.Length..^TypeSuffix.Length]
            : filter;

    /// <summary>Every time integrators see: RFC 3339, UTC, always six fraction digits (2026-11-29T08:15:00.000000Z).</summary>
    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>camelCase JSON with every time in the one format above.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new UtcTimeConverter(), new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Time(value));
    }
}
