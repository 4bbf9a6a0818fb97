using Microsoft.Extensions.Diagnostics.HealthChecks;
using PowerMicro.Gateway.Security;
using PowerMicro.ServiceDefaults.Health;

namespace PowerMicro.Gateway;

/// <summary>The services behind the gateway, by lower-case name (the YARP cluster ids), with their base addresses.</summary>
public sealed record Downstream(IReadOnlyDictionary<string, Uri> Services);

public static class DownstreamServices
{
    /// <summary>
    /// Services:{Name} gives each service's base address (the local run and docker-compose differ);
    /// it becomes the address of the YARP cluster of the same name, and the service's /health/ready
    /// becomes part of the gateway's own readiness. Every proxied request gets the identity headers.
    /// </summary>
    public static WebApplicationBuilder AddDownstreamServices(this WebApplicationBuilder builder)
    {
        var services = builder.Configuration.GetSection("Services").GetChildren()
            .Where(s => !string.IsNullOrWhiteSpace(s.Value))
            .ToDictionary(s => s.Key.ToLowerInvariant(), s => new Uri(s.Value!));
        builder.Services.AddSingleton(new Downstream(services));

        foreach (var (name, address) in services)
            builder.Configuration[$"ReverseProxy:Clusters:{name}:Destinations:primary:Address"] = address.ToString();

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(IdentityHeaders.Apply);
        builder.Services.AddHttpClient(DownstreamHealthCheck.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(3));

        var health = builder.Services.AddHealthChecks();
        foreach (var (name, address) in services)
            health.Add(new HealthCheckRegistration(name,
                sp => new DownstreamHealthCheck(sp.GetRequiredService<IHttpClientFactory>(), new Uri(address, "/health/ready")),
                HealthStatus.Unhealthy, [HealthEndpoints.ReadyTag]));
        return builder;
    }
}
