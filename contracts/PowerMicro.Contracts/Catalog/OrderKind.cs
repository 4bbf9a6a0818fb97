namespace PowerMicro.Contracts.Catalog;

/// <summary>Who takes an order of a kind once intake has it.</summary>
public enum Handling
{
    /// <summary>The dispatch service: a work order to a field crew.</summary>
    Dispatch,
    /// <summary>The complaint service: a case with contact and reply deadlines.</summary>
    Complaint,
    /// <summary>Intake: an agent answers it, usually during the contact (result "answered").</summary>
    AnsweredAtIntake,
    /// <summary>Intake: an agent accepts and forwards it (result "forwarded").</summary>
    ForwardedAtIntake,
}

/// <summary>Whether a completion of the order is called back (domain.md, "The callback rules").</summary>
public enum CallbackPolicy
{
    /// <summary>No callback: the order closes on completion.</summary>
    None,
    /// <summary>Every completion is called back (100%).</summary>
    Always,
    /// <summary>Exactly one in each block of five completions of the subtype is called back (20%).</summary>
    Sampled,
}

/// <summary>A deadline that runs for orders of a kind: its name on the wire and the configuration key of its limit.</summary>
public sealed record OrderDeadline(string Name, string Limit);

/// <summary>A subtype (wire name) and what differs per subtype.</summary>
public sealed record OrderSubtype(string Name, CallbackPolicy Callback)
{
    /// <summary>Power is off or a line is damaged: a safety matter, priority 2 whatever the customer.</summary>
    public bool Safety { get; init; }

    /// <summary>Possibly the customer's own installation: guided to self-check before a crew goes (dispatch's customer-side rule).</summary>
    public bool GuidedFirst { get; init; }

    /// <summary>A report that, once verified, earns the reporter a reward (electricity theft).</summary>
    public bool RewardWhenVerified { get; init; }
}

/// <summary>An order kind: its subtypes and everything the services decide per kind.</summary>
public sealed record OrderKind(string Name, Handling HandledBy, int Priority, IReadOnlyList<OrderSubtype> Subtypes)
{
    /// <summary>The deadlines that run for the order (their limits are configuration).</summary>
    public IReadOnlyList<OrderDeadline> Deadlines { get; init; } = [];

    /// <summary>Intake requires an address (a crew goes there).</summary>
    public bool AddressRequired { get; init; }

    /// <summary>Takes an appointment; with one, the order is an appointment service (预约服务).</summary>
    public bool TakesAppointment { get; init; }

    /// <summary>The callback of an appointment service (overrides the subtype's policy).</summary>
    public CallbackPolicy AppointmentCallback { get; init; } = CallbackPolicy.None;

    /// <summary>The repeat rule applies: same account, same subtype, after an earlier one was closed.</summary>
    public bool RepeatRule { get; init; }

    /// <summary>Completed by an agent at intake (POST /api/orders/{id}/answer) rather than by another service.</summary>
    public bool CompletedAtIntake => HandledBy is Handling.AnsweredAtIntake or Handling.ForwardedAtIntake;

    /// <summary>The result of a completion at intake ("answered", "forwarded"), null for the other kinds.</summary>
    public string? IntakeResult => HandledBy switch
    {
        Handling.AnsweredAtIntake => "answered",
        Handling.ForwardedAtIntake => "forwarded",
        _ => null,
    };

    public OrderSubtype? Subtype(string name) => Subtypes.FirstOrDefault(s => s.Name == name);

    public IEnumerable<string> SubtypeNames => Subtypes.Select(s => s.Name);
}
