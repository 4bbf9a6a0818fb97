namespace PowerMicro.Gateway.Problems;

/// <summary>Writes an RFC 9457 problem through the shared problem details service (trace id included).</summary>
public static class GatewayProblems
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
