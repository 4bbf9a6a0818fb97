using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PowerMicro.Gateway.Upstreams;

/// <summary>
/// A downstream service is ready when any of its instances' /health/ready answers 2xx: Healthy when all
/// do, Degraded when only some do (the gateway routes to those), Unhealthy when none does.
/// </summary>
public sealed class DownstreamHealthCheck(IHttpClientFactory clients, IReadOnlyList<Uri> readyUrls) : IHealthCheck
{
    public const string HttpClientName = "downstream-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var answers = await Task.WhenAll(readyUrls.Select(url => Probe(url, cancellationToken)));
        var ready = answers.Count(a => a.Ready);
        var description = string.Join("; ", answers.Select(a => a.Description));
        if (ready == answers.Length) return HealthCheckResult.Healthy(description);
        return ready > 0
            ? HealthCheckResult.Degraded($"{ready} of {answers.Length} instances ready: {description}")
            : HealthCheckResult.Unhealthy(description);
    }

    private async Task<(bool Ready, string Description)> Probe(Uri readyUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await clients.CreateClient(HttpClientName).GetAsync(readyUrl, cancellationToken);
            return (response.IsSuccessStatusCode, $"{readyUrl} answers {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (false, $"{readyUrl} cannot be reached");
        }
    }
}
