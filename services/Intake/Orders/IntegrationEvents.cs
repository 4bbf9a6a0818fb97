using PowerMicro.Contracts;
using PowerMicro.Durable.Relay;
using PowerMicro.ServiceDefaults.Privacy;

namespace PowerMicro.Intake.Orders;

/// <summary>Intake's stored events as the integration events integrators (and the order view) see.</summary>
public static class IntegrationEvents
{
    public const string Source = "intake";

    /// <summary>What the relay publishes: OrderReceived with the contact masked and sealed (integrators bind to it).</summary>
    public static void Map(IntegrationEventMap map, ContactSeal seal) => map
        .Map<OrderTaken>((e, m) => Published(Received(e, m.Sequence), seal))
        .Map<AnswerGiven>((e, m) => Answered(e, m.Sequence))
        .Map<CompletedAtIntake>((e, m) => Completed(e, m.Sequence));

    /// <summary>The event with the customer's contact in clear, for intake's own order view only.</summary>
    public static OrderReceived Received(OrderTaken e, long sequence) => new(
        e.OrderId, e.At, sequence, Source, e.Number, e.Kind, e.Subtype, e.Channel, e.Area, e.Priority, e.Customer,
        e.Address, e.Description, e.AppointmentAt, e.AppointmentService, e.SpecialCare, e.TraceId);

    public static OrderReceived Published(OrderReceived received, ContactSeal seal) => received with
    {
        Customer = received.Customer with
        {
            Name = ContactMask.Name(received.Customer.Name),
            Phone = ContactMask.Phone(received.Customer.Phone),
        },
        SealedContact = seal.Seal(new Contact(received.Customer.Name, received.Customer.Phone)),
    };

    public static OrderAnswered Answered(AnswerGiven e, long sequence) =>
        new(e.OrderId, e.At, sequence, Source, e.Answer, e.AnsweredBy);

    public static OrderCompleted Completed(CompletedAtIntake e, long sequence) =>
        new(e.OrderId, e.At, sequence, Source, e.Kind, e.Subtype, e.AppointmentService, e.Tier, e.Result, e.Round);
}
