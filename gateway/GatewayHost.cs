using PowerMicro.Gateway.Console;
using PowerMicro.Gateway.Landing;
using PowerMicro.Gateway.OpenApi;
using PowerMicro.Gateway.Limits;
using PowerMicro.Gateway.Problems;
using PowerMicro.ServiceDefaults.Problems;
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
        builder.AddGatewayLimits();
        builder.Services.AddSingleton(ConsoleOptions.From(builder.Configuration));
        builder.Services.AddLiveUpdates();
        builder.Services.AddConsoleAssets();
        return builder;
    }

    /// <summary>
    /// The pipeline, in order: trace id header (first, so errors carry it too), problem details,
    /// health and authentication, body size, the console's static files (they hold no data), rate limit (per
    /// authenticated client), the route role table (deny by default, the same table and code each service
    /// enforces again), request timeout, authorization, then the endpoints: landing page, the console, dev
    /// tokens, the console's live stream, the merged OpenAPI document, the proxied routes (the caller's token
    /// goes with them), and a catch-all for /api/** paths no service serves.
    /// </summary>
    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseTraceIdHeader();
        app.MapDefaultEndpoints(enforceRouteRoles: false);
        app.UseRequestBodyLimit();
        app.UseConsoleAssets();
        app.UseRateLimiter();
        app.UseRouteRoles();
        app.UseRequestTimeouts();
        app.UseAuthorization();

        var auth = app.Services.GetRequiredService<AuthOptions>();
        if (auth.SigningKey.StartsWith(AuthOptions.LocalDevelopmentKeyPrefix, StringComparison.Ordinal))
            app.Logger.LogWarning("Auth:SigningKey is the local development key from appsettings.json; set Auth__SigningKey outside local runs");

        app.MapLandingPage();
        app.MapConsole();
        app.MapDevTokens();
        app.MapLiveUpdates();
        app.MapMergedOpenApi();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseProxyTimeoutAnswer();
            proxy.UseUnavailableAnswer();
            proxy.UseClientBodyErrorAnswers();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        app.Map("/api/{**rest}", (HttpContext context) =>
            ProblemResponses.WriteAsync(context, StatusCodes.Status404NotFound, "No API route matches this path.")).RequireAuthorization();
        return app;
    }
}
