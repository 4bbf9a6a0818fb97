using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PowerMicro.ServiceDefaults.Clock;
using PowerMicro.ServiceDefaults.Health;
using PowerMicro.ServiceDefaults.Health.Draining;
using PowerMicro.ServiceDefaults.Http;
using PowerMicro.ServiceDefaults.Logging;
using PowerMicro.ServiceDefaults.Privacy;
using PowerMicro.ServiceDefaults.Problems;
using PowerMicro.ServiceDefaults.Security;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>What every PowerMicro process has: telemetry, redacted JSON logs, health checks, problem details, a clock.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        // First: framework registrations below (authentication among them) add the system clock if none is there yet.
        builder.AddClock();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.FormatterName = RedactingJsonConsoleFormatter.FormatterName)
            .AddConsoleFormatter<RedactingJsonConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();

        builder.AddPowerMicroTelemetry(serviceName);
        builder.Services.AddHealthChecks();
        DrainOnStop.AddDrainOnStop(builder);
        builder.Services.AddPowerMicroProblemDetails();
        builder.AddTokenAuthentication();
        builder.Services.AddSingleton(provider => new ContactSeal(provider.GetRequiredService<AuthOptions>()));
        builder.AddRequestShape();
        OpenApi.GatewayFacingOpenApi.Register(builder.Services, builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Problem details for errors, /api/** only from the gateway's networks, the health endpoints, the caller's
    /// token, and (unless the caller enforces it later itself, as the gateway does after its rate limit) the
    /// route role table.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool enforceRouteRoles = true)
    {
        app.UsePowerMicroProblemDetails();
        app.UseRequestShape();
        app.UseGatewayOnly();
        app.MapHealthEndpoints();
        app.UseAuthentication();
        if (enforceRouteRoles) app.UseRouteRoles();
        return app;
    }
}
