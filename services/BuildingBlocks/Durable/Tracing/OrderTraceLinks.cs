using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Durable.Tracing;

/// <summary>
/// Every request that turns out to be about an order (its span tagged powermicro.order_id by the endpoint) answers
/// with the order id in <see cref="PowerMicroActivity.OrderIdHeader"/>, so the gateway's spans carry it too, and its
/// span links to the order's first trace: Jaeger finds every later request (arrive, complete, reply, attempt, reads)
/// from the trace that took the order in.
/// </summary>
public sealed class OrderTraceLinks(OrderFirstTraces firstTraces, ILogger<OrderTraceLinks> logger) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
            if (activity is null)
            {
                await nextMiddleware(context);
                return;
            }
            context.Response.OnStarting(() =>
            {
                if (activity.GetTagItem(PowerMicroActivity.OrderIdTag) is string orderId)
                    context.Response.Headers[PowerMicroActivity.OrderIdHeader] = orderId;
                return Task.CompletedTask;
            });
            await nextMiddleware(context);
            if (activity.GetTagItem(PowerMicroActivity.OrderIdTag) is string tagged && Guid.TryParse(tagged, out var id))
                await LinkAsync(activity, id, context.RequestAborted);
        });
        next(app);
    };

    private async Task LinkAsync(System.Diagnostics.Activity activity, Guid orderId, CancellationToken cancellationToken)
    {
        try
        {
            await firstTraces.LinkAsync(activity, orderId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away before the lookup: the span ends without the link.
        }
        catch (Exception ex)
        {
            // The answer has gone out already; a missing link must not turn it into an error.
            logger.LogWarning(ex, "Linking a request on order {OrderId} to its first trace failed", orderId);
        }
    }
}
