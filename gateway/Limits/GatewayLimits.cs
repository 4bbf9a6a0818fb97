using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using PowerMicro.ServiceDefaults.Problems;
using Yarp.ReverseProxy.Model;

namespace PowerMicro.Gateway.Limits;

/// <summary>Configuration section "Limits".</summary>
public sealed class LimitOptions
{
    public const string Section = "Limits";

    /// <summary>Largest request body accepted (413 above it).</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Longest a request may take end to end, the service's answer included (504 after it).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>A token bucket per client (the token's subject, else the remote address): 429 when empty.</summary>
    public sealed class RateLimitOptions
    {
        public int TokenLimit { get; set; } = 200;
        public int TokensPerPeriod { get; set; } = 100;
        public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
    }

    public static LimitOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<LimitOptions>() ?? new LimitOptions();
        if (options.MaxRequestBodyBytes <= 0) throw new InvalidOperationException("Limits:MaxRequestBodyBytes must be positive.");
        if (options.RequestTimeout <= TimeSpan.Zero) throw new InvalidOperationException("Limits:RequestTimeout must be positive.");
        if (options.RateLimit.TokenLimit <= 0 || options.RateLimit.TokensPerPeriod <= 0 || options.RateLimit.ReplenishmentPeriod <= TimeSpan.Zero)
            throw new InvalidOperationException("Limits:RateLimit:TokenLimit, TokensPerPeriod and ReplenishmentPeriod must be positive.");
        return options;
    }
}

public static class GatewayLimits
{
    public static WebApplicationBuilder AddGatewayLimits(this WebApplicationBuilder builder)
    {
        var limits = LimitOptions.From(builder.Configuration);
        builder.Services.AddSingleton(limits);

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                // Probes and orchestrators poll health; they are not clients.
                if (context.Request.Path.StartsWithSegments("/health")) return RateLimitPartition.GetNoLimiter("health");
                return RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.RateLimit.TokenLimit,
                    TokensPerPeriod = limits.RateLimit.TokensPerPeriod,
                    ReplenishmentPeriod = limits.RateLimit.ReplenishmentPeriod,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.RateLimit.ReplenishmentPeriod;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(ProblemResponses.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                    $"Too many requests from this client; retry after {seconds} s."));
            };
        });

        builder.Services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = limits.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
            WriteTimeoutResponse = context => TimedOut(context, limits),
        });
        return builder;
    }

    /// <summary>The rate limit partition: the authenticated subject, else the remote address (run after authentication).</summary>
    public static string ClientKey(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst("sub")?.Value is { Length: > 0 } subject
            ? "sub:" + subject
            : "ip:" + context.Connection.RemoteIpAddress;

    /// <summary>
    /// In the proxy pipeline: YARP sees the request timeout as the client going away (it would answer
    /// 400); when the timeout is what ended the proxied request, answer 504 as the timeouts middleware does.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseProxyTimeoutAnswer(this IReverseProxyApplicationBuilder proxy)
    {
        var limits = proxy.ApplicationServices.GetRequiredService<LimitOptions>();
        proxy.Use(async (context, next) =>
        {
            await next();
            var timedOut = context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
            if (timedOut && !context.Response.HasStarted)
            {
                context.Response.Clear();
                await TimedOut(context, limits);
            }
        });
        return proxy;
    }

    private static Task TimedOut(HttpContext context, LimitOptions limits) =>
        ProblemResponses.WriteAsync(context, StatusCodes.Status504GatewayTimeout,
            $"The request did not complete within {limits.RequestTimeout.TotalSeconds:0.###} s.");

    /// <summary>
    /// Applies Limits:MaxRequestBodyBytes to every request: a declared Content-Length above it is refused
    /// at once, and the server stops a chunked body when it passes the limit.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<LimitOptions>();
        return app.Use(async (context, next) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            if (context.Request.ContentLength > limits.MaxRequestBodyBytes)
            {
                await ProblemResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
                    $"The request body is larger than {limits.MaxRequestBodyBytes} bytes.");
                return;
            }
            await next(context);
        });
    }
}
