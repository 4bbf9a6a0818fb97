using System.Globalization;
using System.Text.Json;

namespace PowerMicro.Dispatch.Http;

/// <summary>
/// Reads and checks request input by hand, so that every kind of bad input (no body, broken JSON, wrong types,
/// unknown values) becomes a 400 validation problem with field errors instead of a framework error.
/// </summary>
public sealed class RequestInput
{
    public const int MaxNoteLength = 2000;
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Valid => _errors.Count == 0;

    public void Error(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public IResult Problem() => Results.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        title: "The request is not valid.", statusCode: StatusCodes.Status400BadRequest);

    /// <summary>The JSON object of the body, or null with an error recorded.</summary>
    public async Task<JsonElement?> ReadObject(HttpRequest request, IReadOnlyCollection<string> knownFields)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            Error("body", "The body must be a JSON object.");
            return null;
        }
        var root = document.RootElement.Clone();
        document.Dispose();
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("body", "The body must be a JSON object.");
            return null;
        }
        foreach (var property in root.EnumerateObject())
            if (!knownFields.Contains(property.Name))
                Error(property.Name, $"Unknown field; expected {string.Join(", ", knownFields)}.");
        return root;
    }

    /// <summary>A string field: null when absent or JSON null (an error if required), trimmed, length-checked.</summary>
    public string? String(JsonElement body, string field, bool required, int maxLength)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Error(field, "Required.");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            Error(field, "Must be a string.");
            return null;
        }
        var text = value.GetString()!.Trim();
        if (required && text.Length == 0) Error(field, "Required.");
        else if (text.Length > maxLength) Error(field, $"At most {maxLength} characters.");
        else if (text.Any(char.IsControl) && field != "note") Error(field, "Must not contain control characters.");
        return text;
    }

    public string? OneOf(JsonElement body, string field, IReadOnlyCollection<string> allowed, bool required)
    {
        var text = String(body, field, required, 64);
        if (text is null || text.Length == 0) return null;
        if (!allowed.Contains(text))
        {
            Error(field, $"Must be one of {string.Join(", ", allowed)}.");
            return null;
        }
        return text;
    }

    public Guid? OrderId(string value)
    {
        if (Guid.TryParse(value, out var id) && id != Guid.Empty) return id;
        Error("orderId", "Must be a UUID.");
        return null;
    }

    public string? QueryOneOf(HttpRequest request, string name, IReadOnlyCollection<string> allowed)
    {
        var raw = Single(request, name);
        if (raw is null) return null;
        if (allowed.Contains(raw)) return raw;
        Error(name, $"Must be one of {string.Join(", ", allowed)}.");
        return null;
    }

    public bool? QueryBool(HttpRequest request, string name)
    {
        var raw = Single(request, name);
        if (raw is null) return null;
        if (bool.TryParse(raw, out var value)) return value;
        Error(name, "Must be true or false.");
        return null;
    }

    public int QueryInt(HttpRequest request, string name, int @default, int min, int max)
    {
        var raw = Single(request, name);
        if (raw is null) return @default;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        Error(name, $"Must be a whole number from {min} to {max}.");
        return @default;
    }

    public DateTimeOffset? QueryTime(HttpRequest request, string name)
    {
        var raw = Single(request, name);
        if (raw is null) return null;
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            && raw.Contains('T'))
            return value;
        Error(name, "Must be an ISO 8601 date and time, e.g. 2026-11-23T08:00:00Z.");
        return null;
    }

    private string? Single(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var values)) return null;
        if (values.Count > 1)
        {
            Error(name, "Give it once.");
            return null;
        }
        var raw = values.ToString().Trim();
        return raw.Length == 0 ? null : raw;
    }
}
