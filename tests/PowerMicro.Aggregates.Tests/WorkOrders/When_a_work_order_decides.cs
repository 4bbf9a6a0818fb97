using PowerMicro.Dispatch.Deadlines;
using PowerMicro.Dispatch.WorkOrders;
using PowerMicro.Durable.Deadlines;
using PowerMicro.Durable.Writing;
using static PowerMicro.Aggregates.Tests.Given;
using static PowerMicro.Aggregates.Tests.WorkOrders.Repairs;

namespace PowerMicro.Aggregates.Tests.WorkOrders;

public class When_a_work_order_decides
{
    private static readonly DateTimeOffset Early = T0.AddMinutes(30);
    private static readonly DateTimeOffset Late = T0.AddMinutes(50);

    [Fact]
    public void A_repair_with_a_free_crew_is_opened_with_its_arrival_deadline_and_dispatched()
    {
        var decision = WorkOrderDecisions.Open(new OpenRepair(Received(), Limits, Free), null, T0);

        Assert.Equal(["WorkOrderOpened", "DeadlineStarted", "CrewAssigned"], Names(decision));
        var started = Single<DeadlineStarted>(decision);
        Assert.Equal(T0.AddMinutes(45), started.DueAt);
        Assert.Equal(DeadlineRules.Token(Id, ServiceLimits.Arrival, 1), started.TokenId);
        var timer = Assert.IsType<DeadlineTimer.Schedule>(Assert.Single(decision.Effects));
        Assert.Equal((started.TokenId, T0.AddMinutes(45)), (timer.Token, timer.DueAt));
        Assert.Equal("urban-1", Single<CrewAssigned>(decision).Crew);
        Assert.Equal(WorkOrderStatus.Dispatched, After<WorkOrder>(null, decision)!.Status);
    }

    [Fact]
    public void A_repair_whose_crews_are_full_waits_in_the_queue() =>
        Assert.Equal(["WorkOrderOpened", "DeadlineStarted", "WorkOrderQueued"],
            Names(WorkOrderDecisions.Open(new OpenRepair(Received(), Limits, Full), null, T0)));

    [Fact]
    public void A_customer_side_fault_is_guided_without_a_crew_or_deadline()
    {
        var decision = WorkOrderDecisions.Open(new OpenRepair(Received("meter-fault", "The breaker tripped indoor"), Limits, Free), null, T0);

        Assert.Equal(["WorkOrderOpened"], Names(decision));
        Assert.Empty(decision.Effects);
        Assert.Equal(WorkOrderStatus.Guiding, After<WorkOrder>(null, decision)!.Status);
    }

    [Fact]
    public void A_repair_opened_already_is_not_opened_again() =>
        Nothing(WorkOrderDecisions.Open(new OpenRepair(Received(), Limits, Free), Dispatched(), T0));

    [Fact]
    public void The_assigned_crew_arriving_in_time_keeps_arrival_and_starts_restoration()
    {
        var decision = WorkOrderDecisions.Arrive(new ArriveOnSite("urban-1", Limits), Dispatched(), Early);

        Assert.Equal(["CrewArrivedOnSite", "DeadlineKept", "DeadlineStarted"], Names(decision));
        Assert.True(Single<CrewArrivedOnSite>(decision).OnTime);
        Assert.Equal(Early.AddHours(3), Single<DeadlineStarted>(decision).DueAt);
        Assert.Equal([typeof(DeadlineTimer.Cancel), typeof(DeadlineTimer.Schedule)], decision.Effects.Select(e => e.GetType()));
    }

    [Fact]
    public void A_late_arrival_whose_timer_has_not_fired_records_the_breach_first()
    {
        var decision = WorkOrderDecisions.Arrive(new ArriveOnSite("urban-1", Limits), Dispatched(), Late);

        Assert.Equal(["DeadlineMissed", "CrewArrivedOnSite", "DeadlineKept", "DeadlineStarted"], Names(decision));
        Assert.Equal(300, Single<DeadlineMissed>(decision).LateBySeconds);
        Assert.False(Single<DeadlineKept>(decision).OnTime);
        Assert.True(After(Dispatched(), decision)!.Supervision);
    }

    [Fact]
    public void Arriving_is_refused_for_an_unknown_order_a_waiting_one_or_another_crew()
    {
        Refused(WorkOrderDecisions.Arrive(new ArriveOnSite("urban-1", Limits), null, Early), RejectionKind.NotFound);
        var waiting = After<WorkOrder>(null, WorkOrderDecisions.Open(new OpenRepair(Received(), Limits, Full), null, T0));
        Assert.Contains("waiting", Refused(WorkOrderDecisions.Arrive(new ArriveOnSite("urban-1", Limits), waiting, Early), RejectionKind.Conflict).Detail);
        Assert.Contains("urban-2", Refused(WorkOrderDecisions.Arrive(new ArriveOnSite("urban-2", Limits), Dispatched(), Early), RejectionKind.Conflict).Detail);
        Refused(WorkOrderDecisions.Arrive(new ArriveOnSite("urban-1", Limits), OnSite(Early), Early), RejectionKind.Conflict);
    }

    [Fact]
    public void Completing_on_site_completes_and_keeps_restoration()
    {
        var onSite = OnSite(Early);
        var decision = WorkOrderDecisions.Complete(new CompleteWork("restored", "fuse", "urban-1"), onSite, Early.AddHours(1));

        Assert.Equal(["WorkCompleted", "DeadlineKept"], Names(decision));
        Assert.IsType<DeadlineTimer.Cancel>(Assert.Single(decision.Effects));
        var completed = After(onSite, decision)!;
        Assert.Equal((WorkOrderStatus.Completed, "restored", (DateTimeOffset?)null), (completed.Status, completed.Result, completed.OpenDueAt));
    }

    [Fact]
    public void Completing_is_refused_before_arrival_twice_or_for_another_crew()
    {
        Assert.Contains("arrive", Refused(WorkOrderDecisions.Complete(new CompleteWork("restored", null, null), Dispatched(), Early), RejectionKind.Conflict).Detail);
        Refused(WorkOrderDecisions.Complete(new CompleteWork("restored", null, null), Completed(Early), Early), RejectionKind.Conflict);
        Refused(WorkOrderDecisions.Complete(new CompleteWork("restored", null, "urban-2"), OnSite(Early), Early), RejectionKind.Conflict);
        Refused(WorkOrderDecisions.Complete(new CompleteWork("restored", null, null), null, Early), RejectionKind.NotFound);
    }

    [Fact]
    public void Guidance_self_fixed_completes_and_guidance_to_dispatch_starts_a_round()
    {
        var selfFixed = WorkOrderDecisions.Guide(new EndGuidance(GuidanceOutcome.SelfFixed, null, Limits, Free), Guiding(), Early);
        Assert.Equal(["GuidanceEnded", "WorkCompleted"], Names(selfFixed));
        Assert.Equal("customer-side-fault", Single<WorkCompleted>(selfFixed).Result);

        var dispatch = WorkOrderDecisions.Guide(new EndGuidance(GuidanceOutcome.Dispatch, null, Limits, Free), Guiding(), Early);
        Assert.Equal(["GuidanceEnded", "DeadlineStarted", "CrewAssigned"], Names(dispatch));
        Assert.Equal(Early.AddMinutes(45), Single<DeadlineStarted>(dispatch).DueAt);
    }

    [Fact]
    public void Guidance_is_refused_for_a_work_order_not_being_guided() =>
        Refused(WorkOrderDecisions.Guide(new EndGuidance(GuidanceOutcome.SelfFixed, null, Limits, Free), Dispatched(), Early), RejectionKind.Conflict);

    [Fact]
    public void A_completed_repair_reopened_is_dispatched_again_as_the_next_round()
    {
        var reopened = new PowerMicro.Contracts.OrderReopened(Id, Early.AddHours(2), 9, "callback", "repair", "no-power", "unsatisfied", 1);
        var decision = WorkOrderDecisions.Reopen(new ReopenRepair(reopened, Limits, Free), Completed(Early), Early.AddHours(2));

        Assert.Equal(["WorkOrderReopened", "DeadlineStarted", "CrewAssigned"], Names(decision));
        Assert.Equal(2, Single<DeadlineStarted>(decision).Round);
        Assert.Equal(DeadlineRules.Token(Id, ServiceLimits.Arrival, 2), Single<DeadlineStarted>(decision).TokenId);
        Nothing(WorkOrderDecisions.Reopen(new ReopenRepair(reopened, Limits, Free), Dispatched(), Early));
        Nothing(WorkOrderDecisions.Reopen(new ReopenRepair(reopened, Limits, Free), null, Early));
    }

    [Fact]
    public void A_freed_crew_takes_a_waiting_order_against_its_running_arrival_deadline()
    {
        var waiting = After<WorkOrder>(null, WorkOrderDecisions.Open(new OpenRepair(Received(), Limits, Full), null, T0));
        var assigned = Single<CrewAssigned>(WorkOrderDecisions.AssignFreed(new AssignFreedCrew("urban-1", Limits), waiting, Early));

        Assert.Equal(T0.AddMinutes(45), assigned.ArrivalDueAt);
        Nothing(WorkOrderDecisions.AssignFreed(new AssignFreedCrew("urban-1", Limits), Dispatched(), Early));
    }

    [Fact]
    public void A_deadline_timer_breaches_once_and_never_a_kept_promise()
    {
        var due = new DeadlineDue(Id, ServiceLimits.Arrival, 1, T0.AddMinutes(45));

        var breach = WorkOrderDecisions.Fire(due, Dispatched(), Late);
        Assert.Equal(["DeadlineMissed"], Names(breach));
        Nothing(WorkOrderDecisions.Fire(due, After(Dispatched(), breach), Late));                // breached already
        Nothing(WorkOrderDecisions.Fire(due, OnSite(Early), Late));                              // kept in time
        Nothing(WorkOrderDecisions.Fire(due with { DueAt = T0 }, Dispatched(), Late));           // another due time
        Nothing(WorkOrderDecisions.Fire(due, null, Late));

        var early = WorkOrderDecisions.Fire(due, Dispatched(), Early);                           // not due by this clock
        Assert.Empty(early.Events);
        Assert.Equal(due.DueAt, Assert.IsType<DeadlineTimer.Schedule>(Assert.Single(early.Effects)).DueAt);
    }
}
