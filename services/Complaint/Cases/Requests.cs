using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PowerMicro.Complaint.Cases;

/// <summary>Input checks that answer RFC 9457 problems (400 with field errors, 404, 409, 415) before anything changes.</summary>
public static class Requests
{
    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Invalid(Dictionary<string, List<string>> errors) =>
        Results.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    public static IResult NotFound(Guid orderId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such complaint or report",
            detail: $"There is no complaint or report case for order {orderId}.");

    public static IResult Conflict(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    public static bool TryOrderId(string text, out Guid orderId) => Guid.TryParse(text, out orderId) && orderId != Guid.Empty;

    /// <summary>Reads a JSON object body; an empty body is null (a 400 when required). Errors are problems to return.</summary>
    public static async Task<(JsonElement? Body, IResult? Problem)> ReadObject(HttpRequest request, bool required)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
            return required ? (null, Invalid("body", "A JSON object is required.")) : (null, null);
        if (request.ContentType is not { } type
            || !(type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || type.Contains("+json", StringComparison.OrdinalIgnoreCase)))
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type", detail: "Send the body as application/json."));
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, Invalid("body", "A JSON object is required."));
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (null, Invalid("body", "The body is not valid JSON."));
        }
    }
}
