using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PowerMicro.ServiceDefaults.Problems;

public static class ProblemDetailsExtensions
{
    /// <summary>RFC 9457 problem details for every error response, each carrying the trace id.</summary>
    public static IServiceCollection AddPowerMicroProblemDetails(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPassingFailureClassifier, NetworkFailures>());
        return services.AddExceptionHandler<PassingFailureHandler>()
            .AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            {
                ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
                var traceId = Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier;
                ctx.ProblemDetails.Extensions["traceId"] = traceId;
            });
    }

    /// <summary>Unhandled exceptions and bare status codes (404, 405, 415...) become problem details.</summary>
    public static WebApplication UsePowerMicroProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
