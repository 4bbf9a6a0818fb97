using Microsoft.AspNetCore.Http;

namespace PowerMicro.ServiceDefaults.Input;

/// <summary>
/// Ids in paths: a UUID in its usual form (8-4-4-4-12 hex digits) or the request is 400; the all-zero UUID names
/// nothing, so it is 404 without a look-up.
/// </summary>
public static class RouteId
{
    public static bool TryParse(string? text, string field, string notFoundTitle, out Guid id, out IResult? problem)
    {
        problem = null;
        if (text is null || text.Length != 36 || !Guid.TryParseExact(text, "D", out id))
        {
            id = Guid.Empty;
            problem = ApiResults.Invalid(field, "Must be a UUID (8-4-4-4-12 hex digits).");
            return false;
        }
        if (id == Guid.Empty)
        {
            problem = ApiResults.NotFound(notFoundTitle);
            return false;
        }
        return true;
    }
}
