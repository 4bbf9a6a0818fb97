using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace PowerMicro.ServiceDefaults.Security;

/// <summary>
/// The caller as its validated bearer token says (each service checks the token itself): the user
/// (<c>sub</c>), the role and, for crews, the crew (<c>crew</c>). Null on anonymous routes.
/// </summary>
public sealed record CallerIdentity(string User, string Role, string? Crew)
{
    /// <summary>Headers of this prefix are dropped by the gateway; nothing trusts them.</summary>
    public const string HeaderPrefix = "X-PowerMicro-";

    public static CallerIdentity? From(HttpContext context) => From(context.User);

    public static CallerIdentity? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var subject = user.FindFirst("sub")?.Value;
        var role = user.FindFirst(Roles.ClaimType)?.Value;
        if (string.IsNullOrEmpty(subject) || !Roles.IsKnown(role)) return null;
        var crew = user.FindFirst(Roles.CrewClaimType)?.Value;
        return new CallerIdentity(subject, role!, string.IsNullOrEmpty(crew) ? null : crew);
    }

    public bool Is(string role) => string.Equals(Role, role, StringComparison.Ordinal);
}

public static class CallerIdentityExtensions
{
    public static CallerIdentity? Caller(this HttpContext context) => CallerIdentity.From(context);
}
