using System.Text.Json;
using PowerMicro.Intake.TakeOrder;

namespace PowerMicro.Intake.ValidateOrder;

/// <summary>
/// POST /api/orders/validate: checks a take-order body with exactly the rules of POST /api/orders and
/// stores nothing, so a front end can show the API's own field errors while the order is being typed.
/// 200 {"valid":true}, or the same 400 validation problem POST /api/orders would answer.
/// </summary>
public static class ValidateOrderEndpoint
{
    public sealed record Answer(bool Valid);

    public static async Task<IResult> Handle(HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellationToken)).RootElement;
        }
        catch (JsonException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not valid JSON.", detail: ex.Message);
        }
        var (request, errors) = TakeOrderReader.Read(body, clock.GetUtcNow());
        return request is null ? Results.ValidationProblem(errors, title: "The order is not valid.") : Results.Ok(new Answer(true));
    }
}
