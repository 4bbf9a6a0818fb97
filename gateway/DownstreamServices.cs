using Microsoft.Extensions.Diagnostics.HealthChecks;
using PowerMicro.Gateway.Security;
using PowerMicro.Gateway.Upstreams;
using PowerMicro.ServiceDefaults.Health;

namespace PowerMicro.Gateway;

/// <summary>The services behind the gateway, by lower-case name (the YARP cluster ids), with the base addresses of their instances.</summary>
public sealed record Downstream(IReadOnlyDictionary<string, IReadOnlyList<Uri>> Services);

public static class DownstreamServices
{
    /// <summary>
    /// Services:{Name} gives the base addresses of each service's instances (the local run and docker-compose
    /// differ): one address, several separated by commas, or a list (Services:{Name}:0, :1, …). They become
    /// the destinations of the YARP cluster of the same name, each checked actively and passively
    /// (<see cref="UpstreamHealth"/>); a service is part of the gateway's readiness while any instance is ready.
    /// Every proxied request gets the identity headers.
    /// </summary>
    public static WebApplicationBuilder AddDownstreamServices(this WebApplicationBuilder builder)
    {
        var services = ServiceAddresses.From(builder.Configuration.GetSection("Services"));
        builder.Services.AddSingleton(new Downstream(services));

        var health = UpstreamHealthOptions.From(builder.Configuration);
        builder.Services.AddSingleton(health);
        foreach (var (name, addresses) in services)
            UpstreamHealth.ConfigureCluster(builder.Configuration, name, addresses, health);

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(IdentityHeaders.Apply);
        builder.Services.AddHttpClient(DownstreamHealthCheck.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(3));

        var checks = builder.Services.AddHealthChecks();
        foreach (var (name, addresses) in services)
            checks.Add(new HealthCheckRegistration(name,
                sp => new DownstreamHealthCheck(sp.GetRequiredService<IHttpClientFactory>(),
                    addresses.Select(a => new Uri(a, "/health/ready")).ToArray()),
                HealthStatus.Unhealthy, [HealthEndpoints.ReadyTag]));
        return builder;
    }
}
