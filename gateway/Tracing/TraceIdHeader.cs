using System.Diagnostics;

namespace PowerMicro.Gateway.Tracing;

/// <summary>
/// X-Trace-Id on every response, errors included: the W3C trace id of the request's server span
/// (started here, or continued from the client's traceparent), the id operations search Jaeger by.
/// </summary>
public static class TraceIdHeader
{
    public const string Name = "X-Trace-Id";

    public static IApplicationBuilder UseTraceIdHeader(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var traceId = Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Name] = traceId;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
