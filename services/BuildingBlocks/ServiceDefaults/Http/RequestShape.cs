using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PowerMicro.ServiceDefaults.Problems;

namespace PowerMicro.ServiceDefaults.Http;

/// <summary>
/// The web server's own limits, answered as problem details. Kestrel answers a request it cannot parse with a
/// bare status and no body, and nothing can change that; so Kestrel's limits are set well above the real ones,
/// and this middleware enforces the real ones first, as problems: a request target over <see cref="MaxTargetLength"/>
/// → 414, headers over <see cref="MaxHeaderBytes"/> or <see cref="MaxHeaderCount"/> → 431, a header value with
/// anything but printable ASCII (a proxy cannot forward it) → 400. A body arriving slower than
/// <see cref="MinBodyBytesPerSecond"/> after a grace period is ended by Kestrel and answered 408 (see
/// <see cref="SlowBody"/>). Only requests past Kestrel's raised ceilings, or whose request line is not HTTP at all
/// (a NUL in the path), still get Kestrel's bare answer.
/// </summary>
public static class RequestShape
{
    public const int MaxTargetLength = 8 * 1024;
    public const int MaxHeaderBytes = 16 * 1024;
    public const int MaxHeaderCount = 64;
    public const double MinBodyBytesPerSecond = 240;
    public static readonly TimeSpan BodyGracePeriod = TimeSpan.FromSeconds(5);

    public static IHostApplicationBuilder AddRequestShape(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(o =>
        {
            o.AddServerHeader = false;
            o.Limits.MaxRequestLineSize = 64 * 1024;
            o.Limits.MaxRequestHeadersTotalSize = 128 * 1024;
            o.Limits.MaxRequestHeaderCount = 1000;
            o.Limits.MinRequestBodyDataRate = new MinDataRate(MinBodyBytesPerSecond, BodyGracePeriod);
        });
        return builder;
    }

    public static IApplicationBuilder UseRequestShape(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var target = request.Path.Value?.Length + request.QueryString.Value?.Length + request.PathBase.Value?.Length ?? 0;
        if (target > MaxTargetLength)
        {
            await ProblemResponses.WriteAsync(context, StatusCodes.Status414UriTooLong,
                $"The request target is longer than {MaxTargetLength} characters.");
            return;
        }

        var bytes = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                bytes += name.Length + (value?.Length ?? 0) + 4;
                if (value is not null && !PrintableAscii(value))
                {
                    await ProblemResponses.WriteAsync(context, StatusCodes.Status400BadRequest,
                        "A header value holds characters other than printable ASCII.",
                        new Dictionary<string, string[]> { [name.Length <= 64 ? name : "headers"] = ["Printable ASCII only."] });
                    return;
                }
            }
        }
        if (bytes > MaxHeaderBytes || request.Headers.Count > MaxHeaderCount)
        {
            await ProblemResponses.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"The request headers exceed {MaxHeaderBytes} bytes or {MaxHeaderCount} fields.");
            return;
        }

        try
        {
            await next(context);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            // Kestrel's body limits (too slow, too large, cut short) thrown while an endpoint read the body.
            context.Response.Clear();
            await ProblemResponses.WriteAsync(context, ex.StatusCode, SlowBody.Describe(ex.StatusCode));
        }
    });

    private static bool PrintableAscii(string value)
    {
        foreach (var c in value)
            if (c is < ' ' or > '~' && c != '\t') return false;
        return true;
    }
}

/// <summary>How a body Kestrel refused while it was read is described (never quoting it).</summary>
public static class SlowBody
{
    public static string Describe(int status) => status switch
    {
        StatusCodes.Status408RequestTimeout => "The request body arrived too slowly.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        _ => "The request body could not be read.",
    };
}
