using PowerMicro.Contracts;
using PowerMicro.Durable.Scheduling;
using PowerMicro.Testing;
using static PowerMicro.Dispatch.Tests.When_an_arrival_deadline_passes;

namespace PowerMicro.Dispatch.Tests;

/// <summary>Its own class: the timer must be pending while no dispatch instance runs, so no class-wide instance may share the slice.</summary>
public sealed class When_dispatch_restarts_while_an_arrival_timer_is_pending(IsolatedInfrastructure infrastructure) : IClassFixture<IsolatedInfrastructure>
{
    [Theory]
    [InlineData("urban")]
    [InlineData("rural")]
    [InlineData("remote")]
    public async Task The_breach_comes_exactly_once_when_dispatch_restarted_while_the_timer_was_pending(string area)
    {
        var clock = DispatchRig.NewClock();
        await using var subscriber = await DispatchRig.StartSubscriber(infrastructure);
        var repair = DispatchRig.Repair(clock.GetUtcNow(), area);
        IReadOnlyList<ScheduledMessage> timers;
        await using (var before = await DispatchRig.StartDispatch(infrastructure, clock))
        {
            await subscriber.Publish(repair);
            await subscriber.EventuallyOne<OrderDispatched>(repair.OrderId);
            await WaitForStoredTimer(before, repair.OrderId);
            timers = await ArrivalTimers(before, repair.OrderId);
        }

        clock.Advance(TimeSpan.FromMinutes(LimitMinutes(area) + 5));
        await using var after = await DispatchRig.StartDispatch(infrastructure, clock);
        var breach = await subscriber.EventuallyOne<SlaBreached>(repair.OrderId);
        Assert.Equal("arrival", breach.Deadline);

        (await after.Arrive(repair.OrderId, CrewOf(area))).EnsureSuccessStatusCode();
        await subscriber.EventuallyOne<DeadlineMet>(repair.OrderId, m => m.Deadline == "arrival" && !m.OnTime);
        await AssertExactlyOneBreach(after, subscriber, repair.OrderId, "arrival", timers);
    }
}
