using Microsoft.AspNetCore.Http;
using PowerMicro.ServiceDefaults.Input;

namespace PowerMicro.Complaint.Cases;

/// <summary>The complaint service's problems, on the shared input layer (400 with field errors, 404, 409).</summary>
public static class Requests
{
    public const string NoSuchCase = "No such complaint or report";

    public static IResult Invalid(string field, string message) => ApiResults.Invalid(field, message);

    public static IResult NotFound(Guid orderId) =>
        ApiResults.NotFound(NoSuchCase, $"There is no complaint or report case for order {orderId}.");

    public static IResult Conflict(string title, string detail) => ApiResults.Conflict(title, detail);

    public static bool TryOrderId(string text, out Guid orderId, out IResult? problem) =>
        RouteId.TryParse(text, "orderId", NoSuchCase, out orderId, out problem);
}
