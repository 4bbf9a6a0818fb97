using PowerMicro.ServiceDefaults.Security;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace PowerMicro.Gateway.Security;

/// <summary>
/// On every proxied request: drop whatever X-PowerMicro-* headers the client sent, then set
/// X-PowerMicro-User and X-PowerMicro-Role from the validated token. The bearer token itself stays at
/// the gateway (services trust the headers, not the token).
/// </summary>
public static class IdentityHeaders
{
    public static void Apply(TransformBuilderContext builder) => builder.AddRequestTransform(context =>
    {
        var headers = context.ProxyRequest.Headers;
        foreach (var name in context.HttpContext.Request.Headers.Keys)
            if (name.StartsWith(CallerIdentity.HeaderPrefix, StringComparison.OrdinalIgnoreCase))
                headers.Remove(name);
        headers.Remove("Authorization");

        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated == true
            && user.FindFirst("sub")?.Value is { Length: > 0 } subject
            && user.FindFirst(Roles.ClaimType)?.Value is { } role && Roles.IsKnown(role))
        {
            headers.TryAddWithoutValidation(CallerIdentity.UserHeader, CallerIdentity.EncodeUser(subject));
            headers.TryAddWithoutValidation(CallerIdentity.RoleHeader, role);
        }
        return ValueTask.CompletedTask;
    });
}
