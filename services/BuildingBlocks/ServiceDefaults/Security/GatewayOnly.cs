using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PowerMicro.ServiceDefaults.Security;

/// <summary>
/// Who may call a process's /api/** directly. Services trust the identity headers the gateway sets
/// (<see cref="CallerIdentity"/>), so only the gateway may reach them: loopback callers always, and the
/// networks in configuration <c>Gateway:AllowedNetworks</c> (CIDR list, as an array or comma-separated;
/// docker-compose sets its own network). The gateway itself, the front door, accepts anyone
/// (<see cref="AcceptAnyCaller"/>).
/// </summary>
public sealed class GatewayOnlyOptions
{
    public const string Section = "Gateway";

    public List<IPNetwork> AllowedNetworks { get; } = [];

    /// <summary>Set in code by the gateway only; not bound from configuration.</summary>
    public bool AcceptAnyCaller { get; set; }

    internal static void Bind(GatewayOnlyOptions options, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section).GetSection("AllowedNetworks");
        var entries = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .SelectMany(v => v!.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        foreach (var entry in entries)
        {
            if (!IPNetwork.TryParse(entry, out var network))
                throw new InvalidOperationException($"Gateway:AllowedNetworks: '{entry}' is not a CIDR network (e.g. 172.18.0.0/16).");
            options.AllowedNetworks.Add(network);
        }
    }

    public bool Allows(IPAddress? remote)
    {
        if (AcceptAnyCaller) return true;
        // No network peer at all: an in-process test server or a Unix domain socket (file permissions guard it).
        if (remote is null) return true;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return IPAddress.IsLoopback(remote) || AllowedNetworks.Any(n => n.Contains(remote));
    }
}

public static class GatewayOnly
{
    /// <summary>
    /// Rejects /api/** requests from anything but loopback or <c>Gateway:AllowedNetworks</c> with a 403
    /// problem; other paths (health, OpenAPI) stay open. Call after the problem details middleware.
    /// </summary>
    public static IApplicationBuilder UseGatewayOnly(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        var configured = app.ApplicationServices.GetService<IOptions<GatewayOnlyOptions>>()?.Value ?? new GatewayOnlyOptions();
        var options = new GatewayOnlyOptions { AcceptAnyCaller = configured.AcceptAnyCaller };
        options.AllowedNetworks.AddRange(configured.AllowedNetworks);
        GatewayOnlyOptions.Bind(options, configuration);
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatewayOnly).FullName!);
        return app.Use((context, next) => Check(context, next, options, logger));
    }

    internal static async Task Check(HttpContext context, Func<Task> next, GatewayOnlyOptions options, ILogger logger)
    {
        if (!context.Request.Path.StartsWithSegments("/api") || options.Allows(context.Connection.RemoteIpAddress))
        {
            await next();
            return;
        }

        logger.LogWarning("Refused {Method} {Path} from {Remote}: only the gateway may call this service",
            context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = "This service accepts calls only from the gateway.",
            },
        });
    }
}
