using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PowerMicro.ServiceDefaults.Problems;

/// <summary>
/// Writes an RFC 9457 problem straight to the response (middleware, the web server's own rejections),
/// through the shared problem details service, so it carries the trace id like every other problem.
/// </summary>
public static class ProblemResponses
{
    public static Task WriteAsync(HttpContext context, int status, string detail,
        IDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;
        var problem = errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails()
            : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Detail = detail;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }
}
