using PowerMicro.Contracts;
using PowerMicro.Dispatch.WorkOrders;
using PowerMicro.Testing;

namespace PowerMicro.Dispatch.Tests;

public sealed class When_all_crews_of_an_area_are_busy(IsolatedInfrastructure infrastructure) : IClassFixture<IsolatedInfrastructure>
{
    [Fact]
    public async Task Waiting_repairs_get_the_freed_crew_level_1_first_then_tier_A_then_by_priority_then_receipt()
    {
        var clock = DispatchRig.NewClock();
        await using var subscriber = await DispatchRig.StartSubscriber(infrastructure);
        await using var dispatch = await DispatchRig.StartDispatch(infrastructure, clock, [new("solo", "Solo", ["urban"], 1)]);

        var busy = DispatchRig.Repair(clock.GetUtcNow(), "urban");
        await subscriber.Publish(busy);
        await subscriber.EventuallyOne<OrderDispatched>(busy.OrderId);

        // Received in this order, while the only crew is busy.
        OrderReceived Next(string tier, int importance, int priority)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            return DispatchRig.Repair(clock.GetUtcNow(), "urban", tier: tier, importance: importance, priority: priority);
        }
        var ordinary = Next("C", 3, 3);
        var vip = Next("A", 3, 3);
        var level1 = Next("C", 1, 3);
        var urgentOrdinary = Next("C", 3, 1);
        foreach (var repair in new[] { ordinary, vip, level1, urgentOrdinary })
        {
            await subscriber.Publish(repair);
            await dispatch.WorkOrderWhen(repair.OrderId, w => w.Status == WorkOrderStatus.Waiting, "waiting for the busy crew");
        }

        var assigned = new List<Guid>();
        var current = busy.OrderId;
        for (var i = 0; i < 4; i++)
        {
            (await dispatch.Arrive(current, "solo")).EnsureSuccessStatusCode();
            (await dispatch.Complete(current)).EnsureSuccessStatusCode();
            var next = await Eventually.Get(async () =>
            {
                var list = await dispatch.Client.GetFromJsonAsyncSafe("/api/dispatch/work-orders?status=dispatched&crew=solo");
                return list?.Items.SingleOrDefault();
            }, "the freed crew's next work order");
            assigned.Add(next.OrderId);
            current = next.OrderId;
            Assert.Equal(3 - i, (await dispatch.Client.GetFromJsonAsyncSafe("/api/dispatch/work-orders?status=waiting"))!.Items.Count);
        }

        Assert.Equal([level1.OrderId, vip.OrderId, urgentOrdinary.OrderId, ordinary.OrderId], assigned);
        var dispatched = await subscriber.EventuallyOne<OrderDispatched>(ordinary.OrderId);
        Assert.Equal("solo", dispatched.Crew);
        Assert.Equal(ordinary.OccurredAt.AddMinutes(45), dispatched.ArrivalDueAt); // the promise ran from receipt while waiting
    }

    [Fact]
    public async Task A_crew_added_to_the_roster_takes_the_waiting_repairs_when_dispatch_restarts()
    {
        var clock = DispatchRig.NewClock();
        await using var subscriber = await DispatchRig.StartSubscriber(infrastructure);
        var busy = DispatchRig.Repair(clock.GetUtcNow(), "rural");
        var waiting = DispatchRig.Repair(clock.GetUtcNow().AddMinutes(1), "rural");
        await using (var before = await DispatchRig.StartDispatch(infrastructure, clock, [new("only", "Only", ["rural"], 1)]))
        {
            await subscriber.Publish(busy);
            await subscriber.EventuallyOne<OrderDispatched>(busy.OrderId);
            await subscriber.Publish(waiting);
            await before.WorkOrderWhen(waiting.OrderId, w => w.Status == WorkOrderStatus.Waiting, "waiting");
        }

        await using var after = await DispatchRig.StartDispatch(infrastructure, clock,
            [new("only", "Only", ["rural"], 1), new("added", "Added", ["rural"], 1)]);
        var dispatched = await subscriber.EventuallyOne<OrderDispatched>(waiting.OrderId);
        Assert.Equal("added", dispatched.Crew);
        Assert.Single(subscriber.Events().Of<OrderDispatched>(busy.OrderId));
    }
}

internal static class HttpJson
{
    public static async Task<WorkOrderPage?> GetFromJsonAsyncSafe(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<WorkOrderPage>(response.Content, DispatchRig.Json);
    }
}
