using PowerMicro.ServiceDefaults.Security;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace PowerMicro.Gateway.Security;

/// <summary>
/// On every proxied request: drop whatever X-PowerMicro-* headers the client sent (nothing trusts them). The
/// caller's bearer token goes on unchanged: each service validates it itself with the same settings.
/// </summary>
public static class IdentityHeaders
{
    public static void Apply(TransformBuilderContext builder) => builder.AddRequestTransform(context =>
    {
        var headers = context.ProxyRequest.Headers;
        foreach (var name in context.HttpContext.Request.Headers.Keys)
            if (name.StartsWith(CallerIdentity.HeaderPrefix, StringComparison.OrdinalIgnoreCase))
                headers.Remove(name);
        return ValueTask.CompletedTask;
    });
}
