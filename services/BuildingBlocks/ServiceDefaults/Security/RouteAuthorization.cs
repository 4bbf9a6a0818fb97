using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PowerMicro.ServiceDefaults.Problems;

namespace PowerMicro.ServiceDefaults.Security;

/// <summary>
/// Enforces <see cref="RouteRoles.Table"/> on every /api/** request, in the gateway and again in each service:
/// anonymous rules pass; otherwise no valid token → 401, a path not in the table → 404, a method not listed
/// → 405, a role not listed → 403 (a token with an unknown role too). Other paths (health, OpenAPI) are open.
/// </summary>
public static class RouteAuthorization
{
    public static IApplicationBuilder UseRouteRoles(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next();
            return;
        }
        var (outcome, rule) = RouteRoles.Find(context.Request.Method, context.Request.Path.Value ?? "");
        if (rule is { Anonymous: true })
        {
            await next();
            return;
        }

        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            await TokenAuthentication.Challenge(context, result.Failure);
            return;
        }
        context.User = result.Principal;
        var caller = CallerIdentity.From(context);
        switch (outcome)
        {
            case RouteRoles.Outcome.NoSuchPath:
                await ProblemResponses.WriteAsync(context, StatusCodes.Status404NotFound, "No API route matches this path.");
                return;
            case RouteRoles.Outcome.MethodNotAllowed:
                await ProblemResponses.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "This route does not take this method.");
                return;
        }
        if (caller is null || !rule!.Roles.Contains(caller.Role))
        {
            await ProblemResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "This role may not use this route.");
            return;
        }
        await next();
    });
}
