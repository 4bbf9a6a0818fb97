using Microsoft.AspNetCore.Http;

namespace PowerMicro.ServiceDefaults.Security;

/// <summary>
/// The caller the gateway authenticated, passed to services in headers the gateway strips from every
/// incoming request and sets from the validated token (so clients cannot forge them). The user is
/// percent-encoded (names need not be ASCII).
/// </summary>
public sealed record CallerIdentity(string User, string Role)
{
    public const string HeaderPrefix = "X-PowerMicro-";
    public const string UserHeader = "X-PowerMicro-User";
    public const string RoleHeader = "X-PowerMicro-Role";

    /// <summary>The caller of this request, or null when the gateway passed none (anonymous routes, direct calls).</summary>
    public static CallerIdentity? From(HttpContext context)
    {
        var user = context.Request.Headers[UserHeader].ToString();
        var role = context.Request.Headers[RoleHeader].ToString();
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(role)) return null;
        return new CallerIdentity(Uri.UnescapeDataString(user), role);
    }

    public static string EncodeUser(string user) => Uri.EscapeDataString(user);
}

public static class CallerIdentityExtensions
{
    public static CallerIdentity? Caller(this HttpContext context) => CallerIdentity.From(context);
}
