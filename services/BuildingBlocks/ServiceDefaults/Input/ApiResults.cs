using Microsoft.AspNetCore.Http;

namespace PowerMicro.ServiceDefaults.Input;

/// <summary>
/// The answers every endpoint gives for refused input and refused actions, all RFC 9457 problem details.
/// None of them repeats what the client sent: field errors say what is expected, not what arrived.
/// </summary>
public static class ApiResults
{
    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors, string title = "The request is not valid.") =>
        Results.ValidationProblem(errors, title: title, statusCode: StatusCodes.Status400BadRequest);

    public static IResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult NotFound(string title, string? detail = null) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    public static IResult Conflict(string title, string? detail = null) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    public static IResult Forbidden(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    public static IResult UnsupportedMediaType() =>
        Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
            detail: "Send the body as application/json (UTF-8).");

    public static IResult TooLarge(int maxBytes) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The body is too large",
            detail: $"This route takes at most {maxBytes} bytes.");
}
