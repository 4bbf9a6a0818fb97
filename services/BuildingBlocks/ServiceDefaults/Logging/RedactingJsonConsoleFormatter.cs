using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace PowerMicro.ServiceDefaults.Logging;

/// <summary>
/// One JSON object per line (timestamp, level, category, message, properties, scopes, exception),
/// with every string passed through <see cref="PhoneRedactor"/> so no phone number reaches a log.
/// </summary>
public sealed class RedactingJsonConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "powermicro-json";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null) return;

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow);
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            if (logEntry.EventId.Id != 0) json.WriteNumber("eventId", logEntry.EventId.Id);
            json.WriteString("message", PhoneRedactor.Redact(message));
            if (logEntry.Exception is not null)
                json.WriteString("exception", PhoneRedactor.Redact(logEntry.Exception.ToString()));

            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                json.WriteStartObject("properties");
                foreach (var (key, value) in properties)
                {
                    if (key == "{OriginalFormat}") continue;
                    json.WriteString(key, PhoneRedactor.Redact(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)));
                }
                json.WriteEndObject();
            }

            if (scopeProvider is not null)
            {
                json.WriteStartArray("scopes");
                scopeProvider.ForEachScope(static (scope, writer) =>
                    writer.WriteStringValue(PhoneRedactor.Redact(Convert.ToString(scope, System.Globalization.CultureInfo.InvariantCulture))), json);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        textWriter.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write(Environment.NewLine);
    }
}
