using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PowerMicro.Gateway;

/// <summary>A downstream service is ready when its own /health/ready answers 200.</summary>
public sealed class DownstreamHealthCheck(IHttpClientFactory clients, Uri readyUrl) : IHealthCheck
{
    public const string HttpClientName = "downstream-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await clients.CreateClient(HttpClientName).GetAsync(readyUrl, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"{readyUrl} answers {(int)response.StatusCode}")
                : HealthCheckResult.Unhealthy($"{readyUrl} answers {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{readyUrl} cannot be reached", ex);
        }
    }
}
