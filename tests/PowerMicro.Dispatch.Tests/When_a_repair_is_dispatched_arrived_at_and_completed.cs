using System.Net;
using System.Net.Http.Json;
using PowerMicro.Contracts;
using PowerMicro.Dispatch.WorkOrders;
using PowerMicro.Testing;

namespace PowerMicro.Dispatch.Tests;

public sealed class When_a_repair_is_dispatched_arrived_at_and_completed(When_a_repair_is_dispatched_arrived_at_and_completed.Fixture rig)
    : IClassFixture<When_a_repair_is_dispatched_arrived_at_and_completed.Fixture>
{
    public sealed class Fixture : DispatchFixture
    {
        protected override CrewConfig[] Roster => When_a_repair_is_dispatched_arrived_at_and_completed.Roster;
    }

    private static readonly CrewConfig[] Roster =
    [
        new("urban-1", "Urban One", ["urban"], 10),
        new("rural-1", "Rural One", ["rural"], 10),
        new("remote-1", "Remote One", ["remote", "rural"], 10),
    ];

    [Theory]
    [InlineData("urban", "urban-1")]
    [InlineData("rural", "remote-1")] // both serve rural with no load: ties by name (Remote One < Rural One)
    [InlineData("remote", "remote-1")]
    public async Task The_events_are_published_in_order_and_the_work_order_shows_each_step(string area, string crew)
    {
        var (clock, subscriber, dispatch) = (rig.Clock, rig.Subscriber, rig.Dispatch);
        var repair = DispatchRig.Repair(clock.GetUtcNow(), area);

        await subscriber.Publish(repair);
        var dispatched = await subscriber.EventuallyOne<OrderDispatched>(repair.OrderId);
        Assert.Equal(crew, dispatched.Crew);
        Assert.Equal(area, dispatched.Area);
        Assert.Equal(1, dispatched.Round);
        var limit = area switch { "urban" => 45, "rural" => 90, _ => 120 };
        Assert.Equal(repair.OccurredAt.AddMinutes(limit), dispatched.ArrivalDueAt);
        var view = await dispatch.WorkOrderWhen(repair.OrderId, w => w.Status == WorkOrderStatus.Dispatched, "dispatched");
        Assert.Equal(crew, view.Crew);

        clock.Advance(TimeSpan.FromMinutes(20));
        using (var arrive = await dispatch.Arrive(repair.OrderId, crew)) Assert.Equal(HttpStatusCode.OK, arrive.StatusCode);
        var arrived = await subscriber.EventuallyOne<CrewArrived>(repair.OrderId);
        Assert.True(arrived.OnTime);
        Assert.Equal(clock.GetUtcNow().AddHours(area == "urban" ? 3 : 4), arrived.RestorationDueAt);

        clock.Advance(TimeSpan.FromHours(1));
        using (var complete = await dispatch.Complete(repair.OrderId))
        {
            Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
            var completedView = await complete.Content.ReadFromJsonAsync<WorkOrderView>(DispatchRig.Json);
            Assert.Equal(WorkOrderStatus.Completed, completedView!.Status);
        }
        var completed = await subscriber.EventuallyOne<OrderCompleted>(repair.OrderId);
        Assert.Equal(("repair", "no-power", false, "C", "restored", 1),
            (completed.Kind, completed.Subtype, completed.AppointmentService, completed.Tier, completed.Result, completed.Round));

        await subscriber.EventuallyOne<DeadlineMet>(repair.OrderId, m => m.Deadline == "restoration");
        var published = subscriber.Events().Of(repair.OrderId);
        Assert.Equal(
            ["DeadlineSet", "OrderDispatched", "CrewArrived", "DeadlineMet", "DeadlineSet", "OrderCompleted", "DeadlineMet"],
            published.OrderBy(e => e.Sequence).Select(e => e.Type));
        Assert.Equal(published.Select(e => e.Sequence).Order(), published.Select(e => e.Sequence)); // arrival order = stream order
        Assert.All(subscriber.Events().Of<DeadlineMet>(repair.OrderId), m => Assert.True(m.OnTime));
        Assert.Empty(subscriber.Events().Of<SlaBreached>(repair.OrderId));

        var final = (await dispatch.WorkOrder(repair.OrderId))!;
        Assert.Equal(["WorkOrderOpened", "DeadlineSet", "OrderDispatched", "CrewArrived", "DeadlineMet", "DeadlineSet", "OrderCompleted", "DeadlineMet"],
            final.Timeline.Select(t => t.Type));
        Assert.Equal(("completed", "restored", "fuse replaced"), (final.Status, final.Result, final.Note));
        Assert.All(final.Deadlines, d => Assert.True(d.OnTime));
    }

    [Fact]
    public async Task Steps_out_of_turn_are_conflicts_or_not_found_and_change_nothing()
    {
        var (clock, subscriber, dispatch) = (rig.Clock, rig.Subscriber, rig.Dispatch);
        var repair = DispatchRig.Repair(clock.GetUtcNow(), "urban");
        await subscriber.Publish(repair);
        await dispatch.WorkOrderWhen(repair.OrderId, w => w.Status == WorkOrderStatus.Dispatched, "dispatched");

        await AssertProblem(await dispatch.Complete(repair.OrderId), HttpStatusCode.Conflict);           // complete before arrive
        await AssertProblem(await dispatch.Arrive(repair.OrderId, "rural-1"), HttpStatusCode.Forbidden); // another crew's work order
        await AssertProblem(await dispatch.Arrive(Guid.NewGuid(), "urban-1"), HttpStatusCode.NotFound);  // unknown order
        await AssertProblem(await dispatch.Complete(Guid.NewGuid()), HttpStatusCode.NotFound);
        var untouched = (await dispatch.WorkOrder(repair.OrderId))!;
        Assert.Equal(WorkOrderStatus.Dispatched, untouched.Status);
        Assert.Equal(3, untouched.Timeline.Count);

        (await dispatch.Arrive(repair.OrderId, "urban-1")).EnsureSuccessStatusCode();
        await AssertProblem(await dispatch.Arrive(repair.OrderId, "urban-1"), HttpStatusCode.Conflict);  // arrive twice
        (await dispatch.Complete(repair.OrderId)).EnsureSuccessStatusCode();
        await AssertProblem(await dispatch.Complete(repair.OrderId), HttpStatusCode.Conflict);          // complete twice
        Assert.Equal(8, (await dispatch.WorkOrder(repair.OrderId))!.Timeline.Count);
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
