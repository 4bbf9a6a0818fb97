using System.Globalization;
using System.Net.Sockets;
using PowerMicro.Gateway.Problems;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace PowerMicro.Gateway.Upstreams;

/// <summary>
/// Each service's instances as the destinations of its YARP cluster, with YARP's active health checks
/// (GET {instance}/health/ready every <see cref="UpstreamHealthOptions.Interval"/>; 2xx is ready) and
/// passive ones (transport failures take an instance out for <see cref="UpstreamHealthOptions.ReactivationPeriod"/>).
/// Only ready instances get requests; with none ready the gateway answers 503 itself.
/// </summary>
public static class UpstreamHealth
{
    public static void ConfigureCluster(IConfiguration configuration, string service, IReadOnlyList<Uri> addresses,
        UpstreamHealthOptions options)
    {
        var cluster = $"ReverseProxy:Clusters:{service}";
        for (var i = 0; i < addresses.Count; i++)
            configuration[$"{cluster}:Destinations:{service}-{i + 1}:Address"] = addresses[i].ToString();
        configuration[$"{cluster}:LoadBalancingPolicy"] = "PowerOfTwoChoices";
        configuration[$"{cluster}:HealthCheck:AvailableDestinationsPolicy"] = "HealthyAndUnknown";
        configuration[$"{cluster}:HealthCheck:Active:Enabled"] = "true";
        configuration[$"{cluster}:HealthCheck:Active:Interval"] = options.Interval.ToString("c", CultureInfo.InvariantCulture);
        configuration[$"{cluster}:HealthCheck:Active:Timeout"] = options.Timeout.ToString("c", CultureInfo.InvariantCulture);
        configuration[$"{cluster}:HealthCheck:Active:Policy"] = "ConsecutiveFailures";
        configuration[$"{cluster}:HealthCheck:Active:Path"] = "/health/ready";
        configuration[$"{cluster}:Metadata:ConsecutiveFailuresHealthPolicy.Threshold"] =
            options.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture);
        configuration[$"{cluster}:HealthCheck:Passive:Enabled"] = "true";
        configuration[$"{cluster}:HealthCheck:Passive:Policy"] = "TransportFailureRate";
        configuration[$"{cluster}:HealthCheck:Passive:ReactivationPeriod"] = options.ReactivationPeriod.ToString("c", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// In the proxy pipeline: no ready instance → 503 problem with Retry-After (instead of YARP's empty 503).
    /// An instance that refused the connection (it went away between two probes) got nothing of the
    /// request: one without a body is sent to the next ready instance; with none left, or with a body
    /// (already handed to the forwarder), the answer is the same 503, and the client's retry is safe.
    /// A connection that broke once the request was out answers 502 problem details.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseUnavailableAnswer(this IReverseProxyApplicationBuilder proxy)
    {
        var options = proxy.ApplicationServices.GetRequiredService<UpstreamHealthOptions>();
        proxy.Use(async (context, next) =>
        {
            var feature = context.GetReverseProxyFeature();
            var service = feature.Route.Config.ClusterId ?? "the service";
            if (feature.AvailableDestinations.Count == 0)
            {
                await Unavailable(context, options, $"No instance of {service} is ready; retry later.");
                return;
            }
            // Load balancing narrows AvailableDestinations to the one it picked: keep the ready ones.
            var ready = feature.AvailableDestinations.ToList();
            await next();
            while (!context.Response.HasStarted && RefusedConnection(context))
            {
                context.Response.Clear();
                context.Features.Set<IForwarderErrorFeature?>(null);
                // Each round drops the instance that refused, so this ends.
                if (feature.ProxiedDestination is not { } refused || !ready.Remove(refused) || ready.Count == 0 || HasBody(context.Request))
                {
                    await Unavailable(context, options, $"The instance of {service} chosen for this request went away; retry later.");
                    return;
                }
                feature.AvailableDestinations = ready.ToArray();
                await next();
            }
            if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested
                && context.GetForwarderErrorFeature() is { Error: ForwarderError.Request or ForwarderError.ResponseHeaders })
            {
                // The connection broke after the request went out (e.g. the instance was killed): whether it
                // was carried out is unknown, so no Retry-After; a problem document instead of an empty 502.
                context.Response.Clear();
                await GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway,
                    $"The instance of {service} handling this request failed before it answered; the request may or may not have taken effect.");
            }
        });
        return proxy;
    }

    private static bool RefusedConnection(HttpContext context)
    {
        if (context.GetForwarderErrorFeature() is not { Error: ForwarderError.Request } error) return false;
        for (var e = error.Exception; e is not null; e = e.InnerException)
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused }) return true;
        return false;
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;

    private static Task Unavailable(HttpContext context, UpstreamHealthOptions options, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(options.RetryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, detail);
    }
}
