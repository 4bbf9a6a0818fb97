using PowerMicro.ServiceDefaults.Input;
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
        // The same input layer and reader as POST /api/orders: the same answers, nothing stored.
        var (body, problem) = await JsonBody.ReadAsync(http.Request, required: true, TakeOrderReader.Fields);
        if (problem is not null) return problem;
        return TakeOrderReader.Read(body!, clock.GetUtcNow()) is null ? body!.Problem("The order is not valid.") : Results.Ok(new Answer(true));
    }
}
