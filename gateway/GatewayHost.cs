using PowerMicro.Gateway.Landing;
using PowerMicro.Gateway.Limits;
using PowerMicro.Gateway.Problems;
using PowerMicro.Gateway.Security;
using PowerMicro.Gateway.Tracing;
using PowerMicro.Gateway.Upstreams;
using PowerMicro.ServiceDefaults;
using PowerMicro.ServiceDefaults.Security;

namespace PowerMicro.Gateway;

/// <summary>The gateway as Program.cs builds it (and the tests, the same way).</summary>
public static class GatewayHost
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults("gateway");
        // The front door accepts any caller; GatewayOnly guards the services behind it.
        builder.Services.Configure<GatewayOnlyOptions>(o => o.AcceptAnyCaller = true);
        builder.AddDownstreamServices();
        builder.AddGatewayAuthentication();
        builder.AddGatewayLimits();
        return builder;
    }

    /// <summary>
    /// The pipeline, in order: trace id header (first, so errors carry it too), problem details and
    /// health, body size, authentication, rate limit (per authenticated client), request timeout,
    /// authorization, then the endpoints: landing page, dev tokens, the proxied routes, and a
    /// catch-all that keeps any other /api/** path behind a token.
    /// </summary>
    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseTraceIdHeader();
        app.MapDefaultEndpoints();
        app.UseRequestBodyLimit();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.UseAuthorization();

        var auth = app.Services.GetRequiredService<AuthOptions>();
        if (auth.SigningKey.StartsWith(AuthOptions.LocalDevelopmentKeyPrefix, StringComparison.Ordinal))
            app.Logger.LogWarning("Auth:SigningKey is the local development key from appsettings.json; set Auth__SigningKey outside local runs");

        app.MapLandingPage();
        app.MapDevTokens();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseProxyTimeoutAnswer();
            proxy.UseUnavailableAnswer();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        app.Map("/api/{**rest}", (HttpContext context) =>
            GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "No API route matches this path.")).RequireAuthorization();
        return app;
    }
}
