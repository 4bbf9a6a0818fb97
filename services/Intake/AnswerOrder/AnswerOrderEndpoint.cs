using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Relay;
using PowerMicro.Durable.Writing;
using PowerMicro.Intake.Orders;
using PowerMicro.Intake.OrderView;
using PowerMicro.Intake.PublicEvents;
using PowerMicro.ServiceDefaults.Input;
using PowerMicro.ServiceDefaults.Security;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Intake.AnswerOrder;

/// <summary>
/// POST /api/orders/{id}/answer {"answer":"…"}: completes an inquiry, or forwards a business application
/// (an appointment service then gets its callback); the rules are <see cref="OrderDecisions.Answer"/>.
/// </summary>
public static class AnswerOrderEndpoint
{
    public const int MaxAnswer = 2000;

    public static async Task<IResult> Handle(string orderId, HttpContext http, AggregateWriter writer, CancellationToken cancellationToken)
    {
        if (!RouteId.TryParse(orderId, "orderId", "No such order.", out var id, out var invalid)) return invalid!;
        PowerMicroActivity.TagOrder(id);
        var (body, problem) = await JsonBody.ReadAsync(http.Request, required: true, "answer");
        if (problem is not null) return problem;
        var answer = body!.Text("answer", required: true, MaxAnswer, multiline: true);
        if (!body.Valid) return body.Problem();
        OrderView.OrderView? view = null;
        var result = await writer.Write(id, new GiveAnswer(answer!, CallerIdentity.From(http)?.User ?? "unknown"), OrderDecisions.Answer,
            new WriteSteps<OrderState, GiveAnswer>
            {
                // The order view and the public journal change with the events, numbered as the relay will number them.
                Join = async (session, change, token) =>
                {
                    var given = (AnswerGiven)change.Events[0];
                    var completed = (CompletedAtIntake)change.Events[1];
                    view = await session.LoadAsync<OrderView.OrderView>(id, token);
                    var answered = IntegrationEvents.Answered(given, session.PendingSequence(given));
                    var completion = IntegrationEvents.Completed(completed, session.PendingSequence(completed));
                    OrderViewProjector.Apply(view!, answered);
                    OrderViewProjector.Apply(view!, completion);
                    session.Record(answered, nameof(OrderAnswered), completed.Kind, session.PendingEventId(given));
                    session.Record(completion, nameof(OrderCompleted), completed.Kind, session.PendingEventId(completed));
                    session.Update(view!);
                },
            }, cancellationToken);
        return result.Answer(_ => Results.Ok(OrderResponse.From(view!)), $"Order {id}",
            () => ApiResults.NotFound(OrderDecisions.NoSuchOrder, $"Order {id} is unknown."));
    }
}
