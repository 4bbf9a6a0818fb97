using MassTransit;

namespace PowerMicro.Durable.Tests.Sagas;

public sealed record MeterIncremented(Guid MeterId, string Serial, int Amount);
public sealed record MeterResetBySerial(string Serial);
public sealed record MeterRetired(Guid MeterId);

public sealed class MeterState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }
    public int Version { get; set; }
    public string CurrentState { get; set; } = "";
    public string Serial { get; set; } = "";
    public int Total { get; set; }
    public List<Guid> Applied { get; set; } = [];
}

/// <summary>A small state machine that records every message it applies, to prove none is lost or applied twice.</summary>
public sealed class MeterStateMachine : MassTransitStateMachine<MeterState>
{
    public State Counting { get; private set; } = null!;
    public Event<MeterIncremented> Incremented { get; private set; } = null!;
    public Event<MeterResetBySerial> Reset { get; private set; } = null!;
    public Event<MeterRetired> Retired { get; private set; } = null!;

    public MeterStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Incremented, e => e.CorrelateById(c => c.Message.MeterId));
        Event(() => Retired, e => e.CorrelateById(c => c.Message.MeterId));
        Event(() => Reset, e =>
        {
            e.CorrelateBy((saga, context) => saga.Serial == context.Message.Serial);
            e.OnMissingInstance(m => m.Discard());
        });

        Initially(When(Incremented).Then(Apply).TransitionTo(Counting));
        During(Counting,
            When(Incremented).Then(Apply),
            When(Reset).Then(c =>
            {
                c.Saga.Total = 0;
                c.Saga.Applied.Add(c.MessageId!.Value);
            }),
            When(Retired).Finalize());
        SetCompletedWhenFinalized();
    }

    private static void Apply(BehaviorContext<MeterState, MeterIncremented> context)
    {
        context.Saga.Serial = context.Message.Serial;
        context.Saga.Total += context.Message.Amount;
        context.Saga.Applied.Add(context.MessageId!.Value);
    }
}
