using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace PowerMicro.ServiceDefaults.Problems;

/// <summary>
/// A request that failed for a passing reason says so: PostgreSQL or RabbitMQ unavailable → 503 with
/// Retry-After (nothing was changed; send it again), a concurrent change that kept winning → 409.
/// Anything else stays a 500 (written by the default handler). Which failures pass, the registered
/// <see cref="IPassingFailureClassifier"/>s say.
/// </summary>
public sealed class PassingFailureHandler(IProblemDetailsService problems, IEnumerable<IPassingFailureClassifier> classifiers,
    ILogger<PassingFailureHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        if (classifiers.Any(c => c.IsUnavailable(exception)))
        {
            logger.LogWarning("{Method} {Path}: a dependency is unavailable ({Error}); answered 503",
                http.Request.Method, http.Request.Path, exception.GetType().Name);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = "The service cannot reach its database or message broker right now; nothing was changed. Try again shortly.",
            };
        }
        else if (classifiers.Any(c => c.IsConflict(exception)))
        {
            http.Response.StatusCode = StatusCodes.Status409Conflict;
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Changed concurrently",
                Detail = "The order changed while this request was handled; nothing was changed. Read it again and retry.",
            };
        }
        else return false;

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}
