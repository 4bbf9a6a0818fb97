using MassTransit;

namespace PowerMicro.Callback.Callbacks;

/// <summary>One order's callback saga (id = order id), stored by the Marten saga repository.</summary>
public sealed class CallbackState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }
    public int Version { get; set; }
    public string CurrentState { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Subtype { get; set; } = "";
    public string Tier { get; set; } = "";
    /// <summary>The completion this task is for (1, then 2 after a reopen...). Older or equal rounds are duplicates.</summary>
    public int Round { get; set; }
    public Guid CallbackId { get; set; }
    public bool Sampled { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    /// <summary>open (task waiting), done, unreachable, reopened, none (no callback needed).</summary>
    public string Status { get; set; } = "";
    public Guid? DueTokenId { get; set; }
    /// <summary>The attempts of this task already applied: a redelivered attempt changes nothing.</summary>
    public List<Guid> AppliedAttempts { get; set; } = [];
}

/// <summary>
/// An agent's attempt, checked by the HTTP endpoint and applied by the saga once: <paramref name="AttemptId"/> is
/// given when the attempt is accepted, so a second delivery of the same attempt is recognised.
/// </summary>
public sealed record RecordCallbackAttempt(Guid OrderId, Guid CallbackId, string Outcome, string? Note, string Agent, Guid AttemptId);

/// <summary>The callback's due time has come (durable scheduler).</summary>
public sealed record CallbackDue(Guid OrderId, Guid CallbackId);
