using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Dispatch.WorkOrders;
using PowerMicro.Durable.Scheduling;
using PowerMicro.Testing;

namespace PowerMicro.Dispatch.Tests;

public sealed class When_an_arrival_deadline_passes(DispatchFixture rig) : IClassFixture<DispatchFixture>
{
    internal static int LimitMinutes(string area) => area switch { "urban" => 45, "rural" => 90, _ => 120 };

    internal static string CrewOf(string area) => area + "-1";

    [Theory]
    [InlineData("urban")]
    [InlineData("rural")]
    [InlineData("remote")]
    public async Task A_late_arrival_publishes_exactly_one_breach(string area)
    {
        var (clock, subscriber, dispatch) = (rig.Clock, rig.Subscriber, rig.Dispatch);
        var repair = DispatchRig.Repair(clock.GetUtcNow(), area);
        await subscriber.Publish(repair);
        await subscriber.EventuallyOne<OrderDispatched>(repair.OrderId);
        await WaitForStoredTimer(dispatch, repair.OrderId);
        var timers = await ArrivalTimers(dispatch, repair.OrderId);

        clock.Advance(TimeSpan.FromMinutes(LimitMinutes(area) + 1));
        var breach = await subscriber.EventuallyOne<SlaBreached>(repair.OrderId);
        Assert.Equal(("arrival", repair.OccurredAt.AddMinutes(LimitMinutes(area))), (breach.Deadline, breach.DueAt));
        Assert.InRange(breach.LateBySeconds, 0, 61);
        var flagged = await dispatch.WorkOrderWhen(repair.OrderId, w => w.Supervision, "the order flagged for supervision");
        Assert.True(flagged.Overdue);

        clock.Advance(TimeSpan.FromMinutes(9));
        (await dispatch.Arrive(repair.OrderId, CrewOf(area))).EnsureSuccessStatusCode();
        var arrived = await subscriber.EventuallyOne<CrewArrived>(repair.OrderId);
        Assert.False(arrived.OnTime);
        var met = await subscriber.EventuallyOne<DeadlineMet>(repair.OrderId, m => m.Deadline == "arrival");
        Assert.False(met.OnTime);

        await AssertExactlyOneBreach(dispatch, subscriber, repair.OrderId, "arrival", timers);
    }

    [Theory]
    [InlineData("urban")]
    [InlineData("rural")]
    [InlineData("remote")]
    public async Task An_arrival_within_the_limit_publishes_none(string area)
    {
        var (clock, subscriber, dispatch) = (rig.Clock, rig.Subscriber, rig.Dispatch);
        var repair = DispatchRig.Repair(clock.GetUtcNow(), area);
        await subscriber.Publish(repair);
        await subscriber.EventuallyOne<OrderDispatched>(repair.OrderId);
        await WaitForStoredTimer(dispatch, repair.OrderId);
        var timers = await ArrivalTimers(dispatch, repair.OrderId);

        clock.Advance(TimeSpan.FromMinutes(LimitMinutes(area) - 1));
        (await dispatch.Arrive(repair.OrderId, CrewOf(area))).EnsureSuccessStatusCode();
        Assert.True((await subscriber.EventuallyOne<CrewArrived>(repair.OrderId)).OnTime);
        clock.Advance(TimeSpan.FromMinutes(60)); // past the arrival limit; the restoration limit is hours away

        await subscriber.EventuallyOne<DeadlineMet>(repair.OrderId, m => m.Deadline == "arrival" && m.OnTime);
        await dispatch.AwaitDone(timers); // the arrival timer is past due: dropped as cancelled, or sent and consumed
        Assert.Empty(subscriber.Events().Of<SlaBreached>(repair.OrderId));
        Assert.Equal(0, await CountMissed(dispatch, repair.OrderId));
    }

    [Fact]
    public async Task A_late_restoration_publishes_exactly_one_restoration_breach()
    {
        var (clock, subscriber, dispatch) = (rig.Clock, rig.Subscriber, rig.Dispatch);
        var repair = DispatchRig.Repair(clock.GetUtcNow(), "urban");
        await subscriber.Publish(repair);
        await subscriber.EventuallyOne<OrderDispatched>(repair.OrderId);
        clock.Advance(TimeSpan.FromMinutes(30));
        (await dispatch.Arrive(repair.OrderId, "urban-1")).EnsureSuccessStatusCode();
        var arrived = await subscriber.EventuallyOne<CrewArrived>(repair.OrderId);
        await WaitForStoredTimer(dispatch, repair.OrderId, "restoration");
        var timers = await DeadlineTimers(dispatch, repair.OrderId, "restoration");

        clock.Advance(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(1));
        var breach = await subscriber.EventuallyOne<SlaBreached>(repair.OrderId);
        Assert.Equal(("restoration", arrived.RestorationDueAt), (breach.Deadline, breach.DueAt));
        (await dispatch.Complete(repair.OrderId)).EnsureSuccessStatusCode();
        await subscriber.EventuallyOne<DeadlineMet>(repair.OrderId, m => m.Deadline == "restoration" && !m.OnTime);
        await AssertExactlyOneBreach(dispatch, subscriber, repair.OrderId, "restoration", timers);
    }

    /// <summary>
    /// Once every timer of the deadline is done with (those stored before it was due, and any still stored: sent and
    /// consumed, or dropped), exactly one breach is stored and published.
    /// </summary>
    internal static async Task AssertExactlyOneBreach(TestWebHost dispatch, TestWebHost subscriber, Guid orderId, string deadline,
        IReadOnlyList<ScheduledMessage> timers)
    {
        await dispatch.AwaitDone(timers.Concat(await DeadlineTimers(dispatch, orderId, deadline)).DistinctBy(t => t.Id));
        Assert.Equal(deadline, Assert.Single(subscriber.Events().Of<SlaBreached>(orderId)).Deadline);
        Assert.Equal(1, await CountMissed(dispatch, orderId));
    }

    internal static async Task<int> CountMissed(TestWebHost dispatch, Guid orderId)
    {
        await using var session = dispatch.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(orderId);
        return events.Count(e => e.Data is DeadlineMissed);
    }

    /// <summary>The deadline's timer has reached the durable scheduler's table (so stopping the host cannot lose it in memory).</summary>
    internal static Task WaitForStoredTimer(TestWebHost dispatch, Guid orderId, string deadline = "arrival") =>
        Eventually.True(async () =>
        {
            await using var session = dispatch.Services.GetRequiredService<IDocumentStore>().QuerySession();
            var pending = await session.Query<ScheduledMessage>().Where(m => !m.Cancelled).ToListAsync();
            return pending.Any(m => (m.Payload ?? m.Body).Contains(orderId.ToString()) && (m.Payload ?? m.Body).Contains($"\"{deadline}\""));
        }, $"the {deadline} timer of {orderId} stored");

    internal static Task<IReadOnlyList<ScheduledMessage>> ArrivalTimers(TestWebHost dispatch, Guid orderId) => DeadlineTimers(dispatch, orderId, "arrival");

    /// <summary>The deadline's timers still in the scheduler's table (pending, or cancelled and not yet dropped).</summary>
    internal static Task<IReadOnlyList<ScheduledMessage>> DeadlineTimers(TestWebHost dispatch, Guid orderId, string deadline) =>
        dispatch.Stored(m => (m.Payload ?? m.Body).Contains(orderId.ToString()) && (m.Payload ?? m.Body).Contains($"\"{deadline}\""));
}
