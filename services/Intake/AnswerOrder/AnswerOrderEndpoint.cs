using System.Text.Json;
using JasperFx.Events;
using Marten;
using PowerMicro.Contracts;
using PowerMicro.Durable.Relay;
using PowerMicro.Intake.Orders;
using PowerMicro.Intake.OrderView;
using PowerMicro.Intake.PublicEvents;
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

    public static async Task<IResult> Handle(Guid orderId, HttpContext http, IDocumentStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        PowerMicroActivity.TagOrder(orderId);
        string? answer = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("answer", out var a)
                && a.ValueKind == JsonValueKind.String)
                answer = a.GetString()!.Trim();
        }
        catch (JsonException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not valid JSON.", detail: ex.Message);
        }
        if (string.IsNullOrEmpty(answer) || answer.Length > MaxAnswer)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["answer"] = [$"Required text of at most {MaxAnswer} characters."] });

        await using var session = await store.OpenTracedSessionAsync(cancellationToken);
        var stream = await session.Events.FetchForWriting<OrderState>(orderId, cancellationToken);
        if (stream.Aggregate is not { } order)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such order.", detail: $"Order {orderId} is unknown.");
        if (order.Kind is not (OrderKinds.Inquiry or OrderKinds.Business))
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "This order is not answered at intake.",
                detail: $"A {order.Kind} is completed by the service that handles it.");
        if (order.Answered)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The order is already answered.");

        var now = clock.GetUtcNow();
        var given = new AnswerGiven(orderId, now, answer, CallerIdentity.From(http)?.User ?? "unknown");
        var completed = new CompletedAtIntake(orderId, now, order.Kind, order.Subtype, order.AppointmentService, order.Tier,
            order.Kind == OrderKinds.Inquiry ? "answered" : "forwarded", order.Round);
        stream.AppendMany(given, completed);

        var view = await session.LoadAsync<OrderView.OrderView>(orderId, cancellationToken);
        var version = stream.StartingVersion ?? 0;
        var answered = IntegrationEvents.Answered(given, version + 1);
        var completion = IntegrationEvents.Completed(completed, version + 2);
        OrderViewProjector.Apply(view!, answered, nameof(OrderAnswered));
        OrderViewProjector.Apply(view!, completion, nameof(OrderCompleted));
        session.Record(answered, nameof(OrderAnswered), order.Kind, session.PendingEventId(given));
        session.Record(completion, nameof(OrderCompleted), order.Kind, session.PendingEventId(completed));
        session.Update(view!);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is EventStreamUnexpectedMaxEventIdException or JasperFx.ConcurrencyException)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The order changed meanwhile; it is already answered.");
        }
        return Results.Ok(OrderResponse.From(view!));
    }
}
