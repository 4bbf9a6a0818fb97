using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Dispatch.WorkOrders;
using PowerMicro.Testing;

namespace PowerMicro.Dispatch.Tests;

public sealed class When_a_repair_is_reopened_or_guided(DispatchFixture rig) : IClassFixture<DispatchFixture>
{
    [Fact]
    public async Task An_unsatisfied_callback_dispatches_it_again_with_new_deadlines_and_it_completes_as_round_2()
    {
        var (clock, subscriber, dispatch) = (rig.Clock, rig.Subscriber, rig.Dispatch);
        var repair = DispatchRig.Repair(clock.GetUtcNow(), "rural");
        await subscriber.Publish(repair);
        await subscriber.EventuallyOne<OrderDispatched>(repair.OrderId);
        (await dispatch.Arrive(repair.OrderId, "rural-1")).EnsureSuccessStatusCode();
        (await dispatch.Complete(repair.OrderId)).EnsureSuccessStatusCode();
        await subscriber.EventuallyOne<OrderCompleted>(repair.OrderId);

        clock.Advance(TimeSpan.FromHours(5));
        var reopened = new OrderReopened(repair.OrderId, clock.GetUtcNow(), 7, "callback", "repair", "no-power", "unsatisfied", 1);
        await subscriber.Publish(reopened);
        var again = await subscriber.EventuallyOne<OrderDispatched>(repair.OrderId, d => d.Round == 2);
        Assert.Equal(reopened.OccurredAt.AddMinutes(90), again.ArrivalDueAt);
        await subscriber.Publish(reopened with { }); // a repeat (new message id) changes nothing: the order is no longer completed

        (await dispatch.Arrive(repair.OrderId, "rural-1")).EnsureSuccessStatusCode();
        (await dispatch.Complete(repair.OrderId, "referred", "transformer to replace")).EnsureSuccessStatusCode();
        var second = await subscriber.EventuallyOne<OrderCompleted>(repair.OrderId, c => c.Round == 2);
        Assert.Equal("referred", second.Result);
        var stale = Guid.NewGuid();
        await subscriber.Services.GetRequiredService<IBus>().Publish(reopened, c => c.MessageId = stale); // a stale reopen of round 1 after round 2 completed: ignored

        await dispatch.Consumed.Await(stale);
        Assert.Equal(2, subscriber.Events().Of<OrderDispatched>(repair.OrderId).Count);
        var view = (await dispatch.WorkOrder(repair.OrderId))!;
        Assert.Equal((2, WorkOrderStatus.Completed), (view.Round, view.Status));
        Assert.Equal(["arrival:1", "restoration:1", "arrival:2", "restoration:2"], view.Deadlines.Select(d => $"{d.Name}:{d.Round}"));
        Assert.Contains(view.Timeline, t => t.Type == "OrderReopened");
    }

    [Fact]
    public async Task A_customer_side_fault_is_guided_first_and_completes_without_a_crew_when_self_fixed()
    {
        var (clock, subscriber, dispatch) = (rig.Clock, rig.Subscriber, rig.Dispatch);
        var repair = DispatchRig.Repair(clock.GetUtcNow(), "urban", subtype: "meter-fault", description: "The breaker in my house tripped");
        await subscriber.Publish(repair);
        var guiding = await dispatch.WorkOrderWhen(repair.OrderId, w => w.Status == "guiding", "guiding");
        Assert.True(guiding.CustomerSide);
        Assert.Empty(guiding.Deadlines);

        using var response = await dispatch.Client.PostAsJsonAsync($"/api/dispatch/work-orders/{repair.OrderId}/guide",
            new { outcome = "self-fixed", note = "reset the breaker" });
        response.EnsureSuccessStatusCode();
        var completed = await subscriber.EventuallyOne<OrderCompleted>(repair.OrderId);
        Assert.Equal(("customer-side-fault", "meter-fault", 1), (completed.Result, completed.Subtype, completed.Round));
        Assert.Empty(subscriber.Events().Of<OrderDispatched>(repair.OrderId));
    }

    [Fact]
    public async Task A_guided_fault_the_customer_cannot_fix_is_dispatched_with_the_arrival_promise_from_then()
    {
        var (clock, subscriber, dispatch) = (rig.Clock, rig.Subscriber, rig.Dispatch);
        var repair = DispatchRig.Repair(clock.GetUtcNow(), "remote", subtype: "other", description: "跳闸了，合不上");
        await subscriber.Publish(repair);
        await dispatch.WorkOrderWhen(repair.OrderId, w => w.Status == "guiding", "guiding");

        clock.Advance(TimeSpan.FromMinutes(10));
        using var response = await dispatch.Client.PostAsJsonAsync($"/api/dispatch/work-orders/{repair.OrderId}/guide", new { outcome = "dispatch" });
        response.EnsureSuccessStatusCode();
        var dispatched = await subscriber.EventuallyOne<OrderDispatched>(repair.OrderId);
        Assert.Equal(("remote-1", clock.GetUtcNow().AddMinutes(120)), (dispatched.Crew, dispatched.ArrivalDueAt));
    }
}
