using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace PowerMicro.ServiceDefaults.Input;

/// <summary>
/// Reads a request body as one strict JSON object: media type application/json (else 415), at most
/// <see cref="MaxBytes"/> (else 413), valid UTF-8, depth at most <see cref="MaxDepth"/>, no duplicate keys, no
/// comments or trailing commas, no query parameters. The caller then reads declared fields through <see cref="JsonObjectInput"/>;
/// any other field is an error naming it.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 64 * 1024;
    public const int MaxDepth = 16;

    public sealed record Outcome(JsonObjectInput? Body, IResult? Problem);

    /// <param name="required">False: an empty body reads as an empty object (e.g. POST …/contact).</param>
    public static async Task<Outcome> ReadAsync(HttpRequest request, bool required, params string[] fields)
    {
        // Writes take their input in the body only: any query parameter is refused, named.
        if (new QueryInput(request) is { Valid: false } query) return new Outcome(null, query.Problem());
        var errors = new InputErrors();
        var bytes = await ReadBytes(request, MaxBytes);
        if (bytes is null) return new Outcome(null, ApiResults.TooLarge(MaxBytes));
        if (IsBlank(bytes))
        {
            if (required) errors.Add("body", "A JSON object is required.");
            return errors.Any ? new Outcome(null, errors.Problem()) : new Outcome(JsonObjectInput.Empty(errors, fields), null);
        }
        if (!IsJson(request.ContentType)) return new Outcome(null, ApiResults.UnsupportedMediaType());
        if (!Utf8.IsValid(bytes))
        {
            errors.Add("body", "The body is not valid UTF-8.");
            return new Outcome(null, errors.Problem());
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            errors.Add("body", $"The body is not valid JSON (or nests deeper than {MaxDepth}).");
            return new Outcome(null, errors.Problem());
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "The body must be a JSON object.");
            return new Outcome(null, errors.Problem());
        }
        if (HasDuplicateKeys(root))
        {
            errors.Add("body", "A key appears twice in one object.");
            return new Outcome(null, errors.Problem());
        }
        return new Outcome(new JsonObjectInput(root, "", fields, errors), null);
    }

    public static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type)) return false;
        var media = type.MediaType.Value ?? "";
        var json = media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                   || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        var charset = type.Charset.Value;
        return json && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<byte[]?> ReadBytes(HttpRequest request, int max)
    {
        if (request.ContentLength > max) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static bool IsBlank(byte[] bytes) => bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n');

    private static bool HasDuplicateKeys(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                    if (!seen.Add(property.Name) || HasDuplicateKeys(property.Value)) return true;
                return false;
            case JsonValueKind.Array:
                return element.EnumerateArray().Any(HasDuplicateKeys);
            default:
                return false;
        }
    }
}
