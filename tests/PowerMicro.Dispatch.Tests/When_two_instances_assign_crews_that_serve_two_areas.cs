using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Dispatch.WorkOrders;
using PowerMicro.Testing;

namespace PowerMicro.Dispatch.Tests;

/// <summary>
/// The assignment locks are per area: a crew serving two areas may be assigned by a rural and a remote repair at
/// once unless both take the lock of the crew's other area too. Tight capacities, two instances, and frees that
/// race each other: no crew ever holds more than its capacity, and no crew with room leaves work of its areas waiting.
/// </summary>
public sealed class When_two_instances_assign_crews_that_serve_two_areas(IsolatedInfrastructure infrastructure) : IClassFixture<IsolatedInfrastructure>
{
    private static readonly CrewConfig[] Roster =
    [
        new("rural-1", "Rural One", ["rural", "remote"], 2),
        new("rural-2", "Rural Two", ["rural"], 1),
        new("remote-1", "Remote One", ["remote"], 1),
        new("urban-1", "Urban One", ["urban"], 1),
    ];

    [Fact]
    public async Task No_crew_holds_more_than_its_capacity_and_none_with_room_leaves_work_waiting()
    {
        var clock = DispatchRig.NewClock();
        await using var subscriber = await DispatchRig.StartSubscriber(infrastructure);
        await using var first = await DispatchRig.StartDispatch(infrastructure, clock, Roster);
        await using var second = await DispatchRig.StartDispatch(infrastructure, clock, Roster);
        TestWebHost[] instances = [first, second];
        var store = first.Services.GetRequiredService<IDocumentStore>();

        string[] areas = ["rural", "remote", "rural", "remote", "urban"];
        var repairs = Enumerable.Range(0, 30).Select(i => DispatchRig.Repair(clock.GetUtcNow(), areas[i % areas.Length])).ToList();
        await Task.WhenAll(repairs.Select(r => subscriber.Publish(r)));
        await Eventually.True(async () => (await WorkOrders(store)).Count == repairs.Count, "every repair opened", TimeSpan.FromSeconds(120));

        var rounds = 0;
        while (true)
        {
            var orders = await WorkOrders(store);
            AssertWithinCapacity(orders);
            AssertNoIdleCrewWithWaitingWork(orders);
            var dispatched = orders.Where(w => w.Status == WorkOrderStatus.Dispatched).ToList();
            if (dispatched.Count == 0) break;
            Assert.True(++rounds <= repairs.Count, "work orders keep being dispatched without ever finishing");
            // every dispatched crew arrives through one instance and completes through the other, all at once,
            // so the frees (and the assignments they make) race each other across instances
            await Task.WhenAll(dispatched.Select(async (w, i) =>
            {
                using var arrived = await instances[i % 2].Arrive(w.Id, w.Crew!);
                Assert.True(arrived.IsSuccessStatusCode, $"arrive {w.Id}: {(int)arrived.StatusCode}");
                using var completed = await instances[(i + 1) % 2].Complete(w.Id);
                Assert.True(completed.IsSuccessStatusCode, $"complete {w.Id}: {(int)completed.StatusCode}");
            }));
        }
        Assert.All(await WorkOrders(store), w => Assert.Equal(WorkOrderStatus.Completed, w.Status));
    }

    private static async Task<IReadOnlyList<WorkOrder>> WorkOrders(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return await session.Query<WorkOrder>().ToListAsync();
    }

    private static void AssertWithinCapacity(IReadOnlyList<WorkOrder> orders)
    {
        foreach (var crew in Roster)
        {
            var open = orders.Count(w => w.Crew == crew.Id && WorkOrderStatus.Open.Contains(w.Status));
            Assert.True(open <= crew.Capacity, $"{crew.Id} holds {open} open work orders, capacity {crew.Capacity}");
        }
    }

    private static void AssertNoIdleCrewWithWaitingWork(IReadOnlyList<WorkOrder> orders)
    {
        foreach (var crew in Roster)
        {
            var open = orders.Count(w => w.Crew == crew.Id && WorkOrderStatus.Open.Contains(w.Status));
            var waiting = orders.Count(w => w.Status == WorkOrderStatus.Waiting && crew.Areas.Contains(w.Area));
            Assert.False(open < crew.Capacity && waiting > 0, $"{crew.Id} has room ({open}/{crew.Capacity}) while {waiting} work orders of its areas wait");
        }
    }
}
