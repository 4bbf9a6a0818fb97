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
    /// A request whose connection to its instance failed goes to the next ready instance when that changes
    /// nothing the client did not ask for: the connection was refused (the instance went away between two
    /// probes; nothing reached it) and the request has no body, or the method is GET or HEAD. Otherwise, or
    /// with no instance left: refused → 503 with Retry-After (a retry is safe); broken once the request was
    /// out → 502 problem details (whether it took effect is unknown), never YARP's empty answer.
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
            while (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested
                   && context.GetForwarderErrorFeature() is { Error: ForwarderError.Request or ForwarderError.ResponseHeaders } error)
            {
                var refused = Refused(error.Exception);
                context.Response.Clear();
                context.Features.Set<IForwarderErrorFeature?>(null);
                // Each round drops the instance that failed, so this ends.
                var elsewhere = error.Error == ForwarderError.Request && (refused ? !HasBody(context.Request) : IsRead(context.Request))
                    && feature.ProxiedDestination is { } failed && ready.Remove(failed) && ready.Count > 0;
                if (!elsewhere)
                {
                    if (refused) await Unavailable(context, options, $"The instance of {service} chosen for this request went away; retry later.");
                    else await PowerMicro.ServiceDefaults.Problems.ProblemResponses.WriteAsync(context, StatusCodes.Status502BadGateway,
                        $"The instance of {service} handling this request failed before it answered; the request may or may not have taken effect.");
                    return;
                }
                feature.AvailableDestinations = ready.ToArray();
                await next();
            }
        });
        return proxy;
    }

    private static bool Refused(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused }) return true;
        return false;
    }

    private static bool IsRead(HttpRequest request) => HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;

    private static Task Unavailable(HttpContext context, UpstreamHealthOptions options, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(options.RetryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return PowerMicro.ServiceDefaults.Problems.ProblemResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, detail);
    }
}
