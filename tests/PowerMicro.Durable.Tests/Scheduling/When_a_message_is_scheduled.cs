using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PowerMicro.Durable.Scheduling;
using PowerMicro.Testing;

namespace PowerMicro.Durable.Tests.Scheduling;

public sealed class When_a_message_is_scheduled : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_a_message_is_scheduled(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    [Fact]
    public async Task It_arrives_once_when_due_and_not_before()
    {
        await using var host = await AlarmHost.StartAsync(_infrastructure);
        var alarm = Guid.NewGuid();
        var due = DateTimeOffset.UtcNow.AddSeconds(2);

        var token = (await host.ScheduleAlarm(alarm, due)).TokenId;

        var arrival = await Eventually.Get(() => Task.FromResult(host.Arrivals().All.FirstOrDefault(a => a.AlarmId == alarm)),
            "the scheduled alarm", TimeSpan.FromSeconds(15));
        Assert.True(arrival.At >= due, $"arrived {(due - arrival.At).TotalMilliseconds} ms early");
        await host.AwaitGone(token);
        await host.AwaitEarlierAlarmsConsumed(TimeProvider.System);
        Assert.Equal(1, host.Arrivals().CountOf(alarm));
    }

    [Fact]
    public async Task It_still_arrives_once_after_the_host_is_stopped_and_started_again()
    {
        var alarm = Guid.NewGuid();
        Guid token;
        await using (var before = await AlarmHost.StartAsync(_infrastructure))
        {
            token = (await before.ScheduleAlarm(alarm, DateTimeOffset.UtcNow.AddSeconds(8))).TokenId;
            var store = before.Services.GetRequiredService<IDocumentStore>();
            await Eventually.True(async () =>
            {
                await using var session = store.QuerySession();
                return await session.LoadAsync<ScheduledMessage>(token) is not null;
            }, "the schedule to be stored");
            Assert.Equal(0, before.Arrivals().CountOf(alarm));
        }

        await using var after = await AlarmHost.StartAsync(_infrastructure);
        await Eventually.True(() => after.Arrivals().CountOf(alarm) == 1, "the alarm after the restart", TimeSpan.FromSeconds(30));
        await after.AwaitGone(token);
        await after.AwaitEarlierAlarmsConsumed(TimeProvider.System);
        Assert.Equal(1, after.Arrivals().CountOf(alarm));
    }

    [Fact]
    public async Task A_cancelled_message_never_arrives()
    {
        // A cancel can only stop a message that is not yet due, so time is held still (fake clock) until both the
        // schedules and the cancel are stored; with real time a slow machine let the due time pass first.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await AlarmHost.StartAsync(_infrastructure, clock);
        var cancelled = Guid.NewGuid();
        var kept = Guid.NewGuid();

        var token = (await host.ScheduleAlarm(cancelled, clock.GetUtcNow().AddMinutes(10))).TokenId;
        var keptToken = (await host.ScheduleAlarm(kept, clock.GetUtcNow().AddMinutes(11))).TokenId;
        await host.CancelAlarm(token);
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await Eventually.True(async () =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<ScheduledMessage>(token) is { Cancelled: true }
                   && await session.LoadAsync<ScheduledMessage>(keptToken) is not null;
        }, "the schedules and the cancel to be stored");
        clock.Advance(TimeSpan.FromMinutes(12));

        await Eventually.True(() => host.Arrivals().CountOf(kept) == 1, "the alarm that was not cancelled", TimeSpan.FromSeconds(15));
        // The cancelled one was due first: had it been sent, it would have been sent, and consumed (one alarm at a
        // time, in queue order), before the kept one. Its row is still the cancel marker, which is never sent.
        Assert.Equal(0, host.Arrivals().CountOf(cancelled));
        Assert.True((await host.Schedule(token))?.Cancelled);
    }

    [Fact]
    public async Task Due_time_is_judged_by_the_services_TimeProvider()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await AlarmHost.StartAsync(_infrastructure, clock);
        var alarm = Guid.NewGuid();

        var token = (await host.ScheduleAlarm(alarm, clock.GetUtcNow().AddMinutes(45))).TokenId;
        await host.AwaitStored(token);
        // Sentinels due now arrive: the scheduler has looked for due alarms since this one was stored, and left it.
        await host.AwaitEarlierAlarmsConsumed(clock);
        Assert.Equal(0, host.Arrivals().CountOf(alarm));
        Assert.NotNull(await host.Schedule(token));

        clock.Advance(TimeSpan.FromMinutes(45));
        await Eventually.True(() => host.Arrivals().CountOf(alarm) == 1, "the alarm once fake time passed 45 minutes", TimeSpan.FromSeconds(10));
    }
}
