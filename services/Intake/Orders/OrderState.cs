using PowerMicro.Durable.Writing;

namespace PowerMicro.Intake.Orders;

/// <summary>What intake decides with: the order as its own stream tells it (immutable; decided on by <see cref="OrderDecisions"/>).</summary>
public sealed record OrderState : IAggregate<OrderState>
{
    public Guid Id { get; init; }
    public string Kind { get; init; } = "";
    public string Subtype { get; init; } = "";
    public string Tier { get; init; } = "";
    public bool AppointmentService { get; init; }
    public bool Answered { get; init; }
    public int Round { get; init; } = 1;

    // Explicit: Marten's source generator takes a public method named Evolve for an instance Evolve(event) of its own.
    static OrderState? IAggregate<OrderState>.Evolve(OrderState? state, object @event) => (state, @event) switch
    {
        (_, OrderTaken e) => new OrderState
        {
            Id = e.OrderId, Kind = e.Kind, Subtype = e.Subtype, Tier = e.Customer.Tier, AppointmentService = e.AppointmentService,
        },
        (null, _) => null,
        ({ } s, AnswerGiven) => s with { Answered = true },
        ({ } s, ReopenedAtIntake e) => s with { Answered = false, Round = e.Round },
        ({ } s, _) => s,
    };
}
