using PowerMicro.Dispatch.Crews;
using PowerMicro.Dispatch.Deadlines;
using PowerMicro.Dispatch.Guidance;
using PowerMicro.Durable.Deadlines;
using PowerMicro.Durable.Writing;

namespace PowerMicro.Dispatch.WorkOrders;

/// <summary>What a work order decides for each command: pure functions of the command, its state and the time.</summary>
public static class WorkOrderDecisions
{
    public const string Unknown = "Unknown work order.";
    public const string NotAllowed = "The work order is not in a state that allows this.";

    public static Decision Open(OpenRepair command, WorkOrder? state, DateTimeOffset now)
    {
        if (state is not null) return Decision.Nothing; // opened already (a repeat with another message id)
        var r = command.Received;
        var opened = new WorkOrderOpened(r.Number, r.Subtype, r.Area, r.Priority, r.Customer.Tier, r.Customer.Importance,
            r.Customer.AccountNo, r.Address, r.Description, r.OccurredAt, CustomerSideRule.IsCustomerSide(r.Subtype, r.Description), now, r.OrderId);
        var decision = Decision.Accept(opened);
        return opened.CustomerSide ? decision : decision.Then(StartRound(After(state, decision)!, r.OccurredAt, command.Limits, command.Crews, now));
    }

    public static Decision Reopen(ReopenRepair command, WorkOrder? state, DateTimeOffset now)
    {
        if (state is null || state.Status != WorkOrderStatus.Completed || command.Reopened.Round < state.Round) return Decision.Nothing;
        var decision = Decision.Accept(new WorkOrderReopened(state.Round + 1, command.Reopened.Reason, now));
        return decision.Then(StartRound(After(state, decision)!, command.Reopened.OccurredAt, command.Limits, command.Crews, now));
    }

    public static Decision Arrive(ArriveOnSite command, WorkOrder? state, DateTimeOffset now)
    {
        if (state is null) return Decision.NotFound(Unknown);
        if (state.Status != WorkOrderStatus.Dispatched)
            return Decision.Conflict(NotAllowed, state.Status switch
            {
                WorkOrderStatus.OnSite => $"The crew already arrived at {state.ArrivedAt:O}.",
                WorkOrderStatus.Completed => "The work order is completed.",
                WorkOrderStatus.Guiding => "The work order is a customer-side fault being guided; no crew is dispatched.",
                _ => "No crew is assigned to the work order yet; it is waiting for a free crew.",
            });
        if (state.Crew != command.Crew)
            return Decision.Conflict(NotAllowed, $"The work order is assigned to crew '{state.Crew}', not '{command.Crew}'.");

        var arrival = state.Running(ServiceLimits.Arrival);
        var onTime = arrival is null || DeadlineRules.OnTime(arrival, now);
        var restorationDue = now + command.Limits.RestorationLimit(state.Area);
        var breach = arrival is not null && DeadlineRules.BreachOnKeep(arrival, now) ? Decision.Accept(Missed(arrival, now)) : Decision.Nothing;
        var decision = breach.With(new CrewArrivedOnSite(command.Crew, state.Round, onTime, restorationDue, now));
        if (arrival is not null) decision = decision.Then(Keep(arrival, onTime, now));
        return decision.Then(Start(state, ServiceLimits.Restoration, restorationDue, now));
    }

    public static Decision Complete(CompleteWork command, WorkOrder? state, DateTimeOffset now)
    {
        if (state is null) return Decision.NotFound(Unknown);
        if (state.Status != WorkOrderStatus.OnSite)
            return Decision.Conflict(NotAllowed, state.Status switch
            {
                WorkOrderStatus.Completed => "The work order is completed already.",
                WorkOrderStatus.Guiding => "The work order is a customer-side fault being guided: end the guidance instead.",
                _ => "The crew has not arrived yet: arrive before completing.",
            });
        if (command.Crew is not null && state.Crew != command.Crew)
            return Decision.Conflict(NotAllowed, $"The work order is assigned to crew '{state.Crew}', not '{command.Crew}'.");

        var restoration = state.Running(ServiceLimits.Restoration);
        var onTime = restoration is null || DeadlineRules.OnTime(restoration, now);
        var decision = restoration is not null && DeadlineRules.BreachOnKeep(restoration, now) ? Decision.Accept(Missed(restoration, now)) : Decision.Nothing;
        decision = decision.With(new WorkCompleted(state.Crew, command.Result, command.Note, state.Round, state.Subtype, state.Tier, now));
        return restoration is null ? decision : decision.Then(Keep(restoration, onTime, now));
    }

    public static Decision Guide(EndGuidance command, WorkOrder? state, DateTimeOffset now)
    {
        if (state is null) return Decision.NotFound(Unknown);
        if (state.Status != WorkOrderStatus.Guiding)
            return Decision.Conflict(NotAllowed, $"The work order is not being guided (status {state.Status}).");
        var decision = Decision.Accept(new GuidanceEnded(command.Outcome, command.Note, now));
        return command.Outcome == GuidanceOutcome.SelfFixed
            ? decision.With(new WorkCompleted(null, "customer-side-fault", command.Note, state.Round, state.Subtype, state.Tier, now))
            : decision.Then(StartRound(After(state, decision)!, now, command.Limits, command.Crews, now));
    }

    public static Decision AssignFreed(AssignFreedCrew command, WorkOrder? state, DateTimeOffset now)
    {
        if (state is not { Status: WorkOrderStatus.Waiting }) return Decision.Nothing;
        var dueAt = state.Running(ServiceLimits.Arrival)?.DueAt ?? now + command.Limits.ArrivalLimit(state.Area);
        return Decision.Accept(new CrewAssigned(command.Crew, state.Area, dueAt, state.Round, now));
    }

    /// <summary>A deadline's timer fired: the breach, once, if its step is still not done (DeadlineRules).</summary>
    public static Decision Fire(DeadlineDue due, WorkOrder? state, DateTimeOffset now) =>
        state is null ? Decision.Nothing
            : DeadlineDecisions.Fire(due, DeadlineRules.Find(state.Deadlines, due.Deadline, due.Round), now, d => [Missed(d, now)]);

    /// <summary>The round's arrival deadline from <paramref name="from"/>, and a crew (AssignmentRule) or the queue.</summary>
    private static Decision StartRound(WorkOrder order, DateTimeOffset from, DeadlineLimits limits, CrewsAvailable crews, DateTimeOffset now)
    {
        var dueAt = from + limits.ArrivalLimit(order.Area);
        var crew = AssignmentRule.Choose(crews.Crews, order.Area, crews.OpenLoad);
        return Start(order, ServiceLimits.Arrival, dueAt, now).With(crew is null
            ? new WorkOrderQueued(order.Round, now)
            : new CrewAssigned(crew.Id, order.Area, dueAt, order.Round, now));
    }

    private static Decision Start(WorkOrder order, string name, DateTimeOffset dueAt, DateTimeOffset now) =>
        DeadlineDecisions.Start(order.Id, name, order.Round, dueAt, token => new DeadlineStarted(name, order.Round, dueAt, token, now));

    private static Decision Keep(DeadlineState deadline, bool onTime, DateTimeOffset now)
    {
        var kept = Decision.Accept(new DeadlineKept(deadline.Name, deadline.Round, deadline.DueAt, onTime, now));
        return DeadlineRules.CancelOnKeep(deadline) is { } cancel ? kept.WithEffect(cancel) : kept;
    }

    private static DeadlineMissed Missed(DeadlineState deadline, DateTimeOffset now) =>
        new(deadline.Name, deadline.Round, deadline.DueAt, DeadlineRules.LateBy(deadline, now), now);

    private static WorkOrder? After(WorkOrder? state, Decision decision) => IAggregate<WorkOrder>.Fold(state, decision.Events);
}
