using System.Text.Json;
using System.Text.RegularExpressions;

namespace PowerMicro.ServiceDefaults.Input;

/// <summary>
/// One JSON object of a request body with its declared fields: typed readers record an error under the
/// field's path (e.g. <c>customer.phone</c>) and return null. Fields not declared are reported when the
/// object is created. JSON null counts as absent.
/// </summary>
public sealed partial class JsonObjectInput
{
    private readonly JsonElement _element;
    private readonly string _prefix;

    internal JsonObjectInput(JsonElement element, string prefix, IReadOnlyCollection<string> fields, InputErrors errors)
    {
        _element = element;
        _prefix = prefix;
        Errors = errors;
        foreach (var property in element.EnumerateObject())
        {
            if (fields.Contains(property.Name, StringComparer.Ordinal)) continue;
            if (FieldName().IsMatch(property.Name)) errors.Add(Path(property.Name), "Unknown field.");
            else errors.Add(prefix.Length == 0 ? "body" : prefix.TrimEnd('.'), "Contains a field that is not part of this request.");
        }
    }

    internal static JsonObjectInput Empty(InputErrors errors, IReadOnlyCollection<string> fields) =>
        new(JsonDocument.Parse("{}").RootElement.Clone(), "", fields, errors);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,63}$")] private static partial Regex FieldName();

    public InputErrors Errors { get; }
    public bool Valid => !Errors.Any;

    public string Path(string field) => _prefix + field;

    public bool Has(string field) => _element.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null;

    private JsonElement? Value(string field, bool required)
    {
        if (_element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null) return value;
        if (required) Errors.Add(Path(field), "Required.");
        return null;
    }

    /// <summary>Trimmed text of 1..max characters; multiline allows newline and tab. Empty counts as absent.</summary>
    public string? Text(string field, bool required, int max, bool multiline = false)
    {
        if (Value(field, required) is not { } value) return null;
        if (value.ValueKind != JsonValueKind.String)
        {
            Errors.Add(Path(field), "Must be a string.");
            return null;
        }
        if (!TryGetString(value, out var raw))
        {
            Errors.Add(Path(field), "Contains an unpaired surrogate (not valid Unicode).");
            return null;
        }
        if (TextRules.Check(raw, multiline) is { } problem)
        {
            Errors.Add(Path(field), problem);
            return null;
        }
        var text = raw.Trim();
        if (text.Length == 0)
        {
            if (required) Errors.Add(Path(field), "Must not be empty.");
            return null;
        }
        if (text.Length > max)
        {
            Errors.Add(Path(field), $"At most {max} characters.");
            return null;
        }
        return text;
    }

    public string? OneOf(string field, IReadOnlyCollection<string> allowed, bool required)
    {
        var text = Text(field, required, 64);
        if (text is null || allowed.Contains(text, StringComparer.Ordinal)) return text;
        Errors.Add(Path(field), $"Must be one of: {string.Join(", ", allowed)}.");
        return null;
    }

    public bool? Bool(string field, bool required = false)
    {
        if (Value(field, required) is not { } value) return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Errors.Add(Path(field), "Must be true or false.");
        return null;
    }

    public int? Int(string field, int min, int max, bool required = false)
    {
        if (Value(field, required) is not { } value) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= min && n <= max) return n;
        Errors.Add(Path(field), $"Must be a whole number from {min} to {max}.");
        return null;
    }

    public long? Long(string field, long min, long max, bool required = false)
    {
        if (Value(field, required) is not { } value) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= min && n <= max) return n;
        Errors.Add(Path(field), $"Must be a whole number from {min} to {max}.");
        return null;
    }

    /// <summary>An ISO 8601 date and time with offset (or Z) within <see cref="Iso8601.Earliest"/>..<see cref="Iso8601.Latest"/>.</summary>
    public DateTimeOffset? Time(string field, bool required = false)
    {
        if (Value(field, required) is not { } value) return null;
        if (value.ValueKind == JsonValueKind.String && TryGetString(value, out var text) && Iso8601.TryParseTime(text, out var at)) return at;
        Errors.Add(Path(field), Iso8601.TimeMessage);
        return null;
    }

    /// <summary>A JSON string as .NET text; false when it holds an escaped lone surrogate (which .NET refuses to read).</summary>
    private static bool TryGetString(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>A nested object with its own declared fields, errors under "field.…".</summary>
    public JsonObjectInput? Object(string field, bool required, params string[] fields)
    {
        if (Value(field, required) is not { } value) return null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            Errors.Add(Path(field), "Must be an object.");
            return null;
        }
        return new JsonObjectInput(value, Path(field) + ".", fields, Errors);
    }

    public Microsoft.AspNetCore.Http.IResult Problem(string title = "The request is not valid.") => Errors.Problem(title);
}
