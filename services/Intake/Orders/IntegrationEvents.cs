using PowerMicro.Contracts;
using PowerMicro.Durable.Relay;

namespace PowerMicro.Intake.Orders;

/// <summary>Intake's stored events as the integration events integrators (and the order view) see.</summary>
public static class IntegrationEvents
{
    public const string Source = "intake";

    public static void Map(IntegrationEventMap map) => map
        .Map<OrderTaken>((e, m) => Received(e, m.Sequence))
        .Map<AnswerGiven>((e, m) => Answered(e, m.Sequence))
        .Map<CompletedAtIntake>((e, m) => Completed(e, m.Sequence));

    public static OrderReceived Received(OrderTaken e, long sequence) => new(
        e.OrderId, e.At, sequence, Source, e.Number, e.Kind, e.Subtype, e.Channel, e.Area, e.Priority, e.Customer,
        e.Address, e.Description, e.AppointmentAt, e.AppointmentService, e.SpecialCare, e.TraceId);

    public static OrderAnswered Answered(AnswerGiven e, long sequence) =>
        new(e.OrderId, e.At, sequence, Source, e.Answer, e.AnsweredBy);

    public static OrderCompleted Completed(CompletedAtIntake e, long sequence) =>
        new(e.OrderId, e.At, sequence, Source, e.Kind, e.Subtype, e.AppointmentService, e.Tier, e.Result, e.Round);
}
