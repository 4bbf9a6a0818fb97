using PowerMicro.ServiceDefaults.Http;
using PowerMicro.ServiceDefaults.Problems;
using Yarp.ReverseProxy.Forwarder;

namespace PowerMicro.Gateway.Problems;

/// <summary>
/// In the proxy pipeline: when forwarding failed because of the client's body (too slow → Kestrel's 408, too large
/// → 413, cut short → 400), answer that as a problem instead of YARP's bare 400/502; failures on the service's side
/// keep YARP's status (502/504), written as a problem by the status code pages.
/// </summary>
public static class ProxyErrors
{
    public static IReverseProxyApplicationBuilder UseClientBodyErrorAnswers(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            await next();
            var error = context.GetForwarderErrorFeature();
            if (error is null || context.Response.HasStarted) return;
            if (error.Error is not (ForwarderError.RequestBodyClient or ForwarderError.RequestBodyCanceled or ForwarderError.RequestCanceled))
                return;
            if (context.RequestAborted.IsCancellationRequested && Find<BadHttpRequestException>(error.Exception) is null) return;
            var status = Find<BadHttpRequestException>(error.Exception)?.StatusCode ?? StatusCodes.Status400BadRequest;
            context.Response.Clear();
            await ProblemResponses.WriteAsync(context, status, SlowBody.Describe(status));
        });
        return proxy;
    }

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }
}
