using JasperFx.Events;
using Marten;
using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Relay;
using PowerMicro.Intake.Orders;
using PowerMicro.Intake.OrderView;
using PowerMicro.Intake.PublicEvents;
using PowerMicro.ServiceDefaults.Input;
using PowerMicro.ServiceDefaults.Security;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Intake.AnswerOrder;

/// <summary>
/// POST /api/orders/{id}/answer {"answer":"…"}: completes an inquiry, or forwards a business application
/// (an appointment service then gets its callback). Repairs, complaints and reports are completed by the
/// services that handle them, so answering them is a conflict, as is answering twice. An order reopened by
/// an unsatisfied callback is answered again: that completion is the next round, called back again.
/// </summary>
public static class AnswerOrderEndpoint
{
    public const int MaxAnswer = 2000;

    public static async Task<IResult> Handle(string orderId, HttpContext http, IDocumentStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!RouteId.TryParse(orderId, "orderId", "No such order.", out var id, out var invalid)) return invalid!;
        PowerMicroActivity.TagOrder(id);
        var (body, problem) = await JsonBody.ReadAsync(http.Request, required: true, "answer");
        if (problem is not null) return problem;
        var answer = body!.Text("answer", required: true, MaxAnswer, multiline: true);
        if (!body.Valid) return body.Problem();
        return await Answer(id, answer!, http, store, clock, cancellationToken);
    }

    private static async Task<IResult> Answer(Guid orderId, string answer, HttpContext http, IDocumentStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {

        await using var session = await store.OpenTracedSessionAsync(cancellationToken);
        var stream = await session.Events.FetchForWriting<OrderState>(orderId, cancellationToken);
        if (stream.Aggregate is not { } order)
            return ApiResults.NotFound("No such order.", $"Order {orderId} is unknown.");
        if (OrderCatalog.Find(order.Kind) is not { CompletedAtIntake: true } kind)
            return ApiResults.Conflict("This order is not answered at intake.", $"A {order.Kind} is completed by the service that handles it.");
        if (order.Answered)
            return ApiResults.Conflict("The order is already answered.");

        var now = clock.GetUtcNow();
        var given = new AnswerGiven(orderId, now, answer, CallerIdentity.From(http)?.User ?? "unknown");
        var completed = new CompletedAtIntake(orderId, now, order.Kind, order.Subtype, order.AppointmentService, order.Tier,
            kind.IntakeResult!, order.Round);
        stream.AppendMany(given, completed);

        var view = await session.LoadAsync<OrderView.OrderView>(orderId, cancellationToken);
        var answered = IntegrationEvents.Answered(given, session.PendingSequence(given));
        var completion = IntegrationEvents.Completed(completed, session.PendingSequence(completed));
        OrderViewProjector.Apply(view!, answered);
        OrderViewProjector.Apply(view!, completion);
        session.Record(answered, nameof(OrderAnswered), order.Kind, session.PendingEventId(given));
        session.Record(completion, nameof(OrderCompleted), order.Kind, session.PendingEventId(completed));
        session.Update(view!);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is EventStreamUnexpectedMaxEventIdException or JasperFx.ConcurrencyException)
        {
            return ApiResults.Conflict("The order changed meanwhile; it is already answered.");
        }
        return Results.Ok(OrderResponse.From(view!));
    }
}
