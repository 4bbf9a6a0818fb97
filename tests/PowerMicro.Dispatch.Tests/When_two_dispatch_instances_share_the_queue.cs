using System.Collections.Concurrent;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Dispatch.WorkOrders;
using PowerMicro.Testing;

namespace PowerMicro.Dispatch.Tests;

public sealed class When_two_dispatch_instances_share_the_queue(IsolatedInfrastructure infrastructure) : IClassFixture<IsolatedInfrastructure>
{
    private const int Repairs = 500;

    private static readonly CrewConfig[] Roster =
    [
        new("urban-1", "Urban One", ["urban"], 200),
        new("urban-2", "Urban Two", ["urban"], 200),
        new("rural-1", "Rural One", ["rural", "remote"], 200),
        new("remote-1", "Remote One", ["remote"], 200),
    ];

    [Fact]
    public async Task Five_hundred_repairs_delivered_twice_are_each_dispatched_exactly_once_within_crew_capacity()
    {
        var clock = DispatchRig.NewClock();
        await using var subscriber = await DispatchRig.StartSubscriber(infrastructure);
        await using var first = await DispatchRig.StartDispatch(infrastructure, clock, Roster);
        await using var second = await DispatchRig.StartDispatch(infrastructure, clock, Roster);

        string[] areas = ["urban", "rural", "remote"];
        var repairs = Enumerable.Range(0, Repairs)
            .Select(i => DispatchRig.Repair(clock.GetUtcNow(), areas[i % 3], tier: "ABCD"[i % 4].ToString()))
            .ToList();
        var bus = subscriber.Services.GetRequiredService<IBus>();
        foreach (var batch in repairs.Chunk(50))
            await Task.WhenAll(batch.Select(async repair =>
            {
                var messageId = NewId.NextGuid();
                await bus.Publish(repair, c => c.MessageId = messageId);
                await bus.Publish(repair, c => c.MessageId = messageId); // a redelivery: the inbox drops it
            }));
        foreach (var repair in repairs.Take(50)) await bus.Publish(repair); // a repeat under a new id: the stream exists

        var orders = repairs.Select(r => r.OrderId).ToHashSet();
        await Eventually.True(() => subscriber.Events().All.Where(e => e.Type == nameof(OrderDispatched) && orders.Contains(e.OrderId))
                .Select(e => e.OrderId).Distinct().Count() == Repairs,
            "every repair dispatched", TimeSpan.FromSeconds(180));
        // Every delivery (each repair twice, 50 of them a third time) has been handled by one instance or the other.
        await Eventually.True(() => first.Handled().All.Concat(second.Handled().All).Count(orders.Contains) >= 2 * Repairs + 50,
            "every delivery handled", TimeSpan.FromSeconds(60));

        // Published: one OrderDispatched per order (redeliveries of the relay would carry the same message id).
        var dispatched = subscriber.Events().All.Where(e => e.Type == nameof(OrderDispatched) && orders.Contains(e.OrderId)).ToList();
        Assert.All(dispatched.GroupBy(e => e.OrderId), g => Assert.Single(g.Select(e => e.MessageId).Distinct()));

        // Stored: each stream has exactly one assignment and one arrival deadline; no crew above its capacity.
        await using var session = first.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var assigned = await session.Events.QueryRawEventDataOnly<CrewAssigned>().CountAsync();
        var opened = await session.Events.QueryRawEventDataOnly<WorkOrderOpened>().CountAsync();
        var deadlines = await session.Events.QueryRawEventDataOnly<DeadlineStarted>().CountAsync();
        Assert.Equal((Repairs, Repairs, Repairs), (opened, assigned, deadlines));
        var workOrders = await session.Query<WorkOrder>().ToListAsync();
        Assert.Equal(Repairs, workOrders.Count(w => w.Status == WorkOrderStatus.Dispatched));
        Assert.All(workOrders.GroupBy(w => w.Crew!), g =>
            Assert.True(g.Count() <= Roster.Single(c => c.Id == g.Key).Capacity, $"{g.Key} has {g.Count()}"));
        Assert.All(workOrders, w => Assert.Contains(w.Area, Roster.Single(c => c.Id == w.Crew).Areas));

        // Both instances did part of the work.
        Assert.True(first.Handled().Count > 0 && second.Handled().Count > 0,
            $"first handled {first.Handled().Count}, second {second.Handled().Count}");
    }
}
