using PowerMicro.Dispatch.Deadlines;
using PowerMicro.Dispatch.WorkOrders;
using static PowerMicro.Aggregates.Tests.Given;
using static PowerMicro.Aggregates.Tests.WorkOrders.Repairs;

namespace PowerMicro.Aggregates.Tests.WorkOrders;

public class When_a_work_order_evolves
{
    [Fact]
    public void Its_whole_life_folds_into_status_deadlines_and_timeline()
    {
        var done = Completed(T0.AddMinutes(30));

        Assert.Equal(Id, done.Id);
        Assert.Equal((WorkOrderStatus.Completed, "urban-1", 1), (done.Status, done.Crew, done.Round));
        Assert.Equal([ServiceLimits.Arrival, ServiceLimits.Restoration], done.Deadlines.Select(d => d.Name));
        Assert.All(done.Deadlines, d => Assert.True(d.OnTime));
        Assert.Equal(["WorkOrderOpened", "DeadlineSet", "OrderDispatched", "CrewArrived", "DeadlineMet", "DeadlineSet", "OrderCompleted", "DeadlineMet"],
            done.Timeline.Select(s => s.Type));
        Assert.Equal(T0.AddMinutes(45), done.EarliestDueAt);
        Assert.Null(done.OpenDueAt);
    }

    [Fact]
    public void Folding_never_changes_the_state_it_starts_from()
    {
        var dispatched = Dispatched();
        var before = dispatched.Timeline.Count;

        _ = After(dispatched, WorkOrderDecisions.Arrive(new ArriveOnSite("urban-1", Limits), dispatched, T0.AddMinutes(5)));

        Assert.Equal(before, dispatched.Timeline.Count);
        Assert.Equal(WorkOrderStatus.Dispatched, dispatched.Status);
    }

    [Fact]
    public void A_reopening_starts_the_next_round_with_no_crew()
    {
        var reopened = State<WorkOrder>(new WorkOrderOpened("n", "no-power", "urban", 2, "C", 3, "A-1", null, "d", T0, false, T0, Id),
            new CrewAssigned("urban-1", "urban", T0.AddMinutes(45), 1, T0),
            new WorkCompleted("urban-1", "restored", null, 1, "no-power", "C", T0),
            new WorkOrderReopened(2, "unsatisfied", T0))!;

        Assert.Equal((2, WorkOrderStatus.Waiting, (string?)null, (string?)null), (reopened.Round, reopened.Status, reopened.Crew, reopened.Result));
        Assert.Equal(2, reopened.Timeline[^1].Round);
    }

    [Fact]
    public void Events_before_the_opening_make_no_work_order() =>
        Assert.Null(State<WorkOrder>(new WorkOrderQueued(1, T0)));
}
