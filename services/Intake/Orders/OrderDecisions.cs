using PowerMicro.Contracts;
using PowerMicro.Durable.Writing;
using PowerMicro.Contracts.Catalog;

namespace PowerMicro.Intake.Orders;

/// <summary>What an order decides at intake: pure functions of the command, its state and the time.</summary>
public static class OrderDecisions
{
    public const string NoSuchOrder = "No such order.";

    public static Decision Take(TakeNewOrder command, OrderState? state, DateTimeOffset now)
    {
        if (command.KeyTaken || state is not null) return Decision.Nothing;
        return Decision.Accept(new OrderTaken(command.OrderId, command.Number, now, command.TakenBy,
            command.Kind, command.Subtype, command.Channel, command.Area,
            Priority.For(command.Kind, command.Subtype, command.Customer.Tier, command.Customer.Importance), command.Customer,
            command.Address, command.Description, command.AppointmentAt, command.SpecialCare, command.TraceId));
    }

    /// <summary>
    /// Completes an inquiry, or forwards a business application. Repairs, complaints and reports are completed by the
    /// services that handle them, so answering them is refused, as is answering twice; a reopened order is answered
    /// again, and that completion is the reopening's round.
    /// </summary>
    public static Decision Answer(GiveAnswer command, OrderState? state, DateTimeOffset now)
    {
        if (state is null) return Decision.NotFound(NoSuchOrder);
        if (OrderCatalog.Find(state.Kind) is not { CompletedAtIntake: true } kind)
            return Decision.Conflict("This order is not answered at intake.", $"A {state.Kind} is completed by the service that handles it.");
        if (state.Answered) return Decision.Conflict("The order is already answered.");
        return Decision.Accept(
            new AnswerGiven(state.Id, now, command.Answer, command.AnsweredBy),
            new CompletedAtIntake(state.Id, now, state.Kind, state.Subtype, state.AppointmentService, state.Tier,
                kind.IntakeResult!, state.Round));
    }

    /// <summary>An answered order reopened for a newer round may be answered again; stale or repeated reopenings change nothing.</summary>
    public static Decision Reopen(ReopenAtIntake command, OrderState? state, DateTimeOffset now) =>
        state is null || !state.Answered || command.Reopened.Round <= state.Round
            ? Decision.Nothing
            : Decision.Accept(new ReopenedAtIntake(state.Id, now, command.Reopened.Round, command.Reopened.Reason));
}
