using System.Collections.Concurrent;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using StoredSchedule = PowerMicro.Durable.Scheduling.ScheduledMessage;
using PowerMicro.Testing;

namespace PowerMicro.Durable.Tests.Scheduling;

public sealed record Alarm(Guid AlarmId);

public sealed record AlarmArrival(Guid AlarmId, Guid? MessageId, DateTimeOffset At);

/// <summary>What one host's alarm consumer received.</summary>
public sealed class AlarmArrivals
{
    public ConcurrentQueue<AlarmArrival> All { get; } = new();
    public int CountOf(Guid alarmId) => All.Count(a => a.AlarmId == alarmId);
}

public sealed class AlarmConsumer(AlarmArrivals arrivals, TimeProvider clock) : IConsumer<Alarm>
{
    public Task Consume(ConsumeContext<Alarm> context)
    {
        arrivals.All.Enqueue(new AlarmArrival(context.Message.AlarmId, context.MessageId, clock.GetUtcNow()));
        return Task.CompletedTask;
    }
}

public static class AlarmHost
{
    public static readonly Uri Queue = new("queue:alarms");

    public static Task<TestWebHost> StartAsync(IsolatedInfrastructure infrastructure, TimeProvider? clock = null) =>
        DurableTestHost.StartAsync(infrastructure,
            // One alarm at a time per host, so a host consumes alarms in the order they were sent (see AwaitEarlierAlarmsConsumed).
            x => x.AddConsumer<AlarmConsumer>().Endpoint(e =>
            {
                e.Name = "alarms";
                e.ConcurrentMessageLimit = 1;
            }),
            before: b =>
            {
                b.Services.AddSingleton<AlarmArrivals>();
                if (clock is not null) b.Services.AddSingleton(clock);
            });

    public static AlarmArrivals Arrivals(this TestWebHost host) => host.Services.GetRequiredService<AlarmArrivals>();

    public static async Task<ScheduledMessage<Alarm>> ScheduleAlarm(this TestWebHost host, Guid alarmId, DateTimeOffset dueAt)
    {
        using var scope = host.Services.CreateScope();
        var scheduler = scope.ServiceProvider.GetRequiredService<IMessageScheduler>();
        return await scheduler.ScheduleSend(Queue, dueAt.UtcDateTime, new Alarm(alarmId));
    }

    public static async Task CancelAlarm(this TestWebHost host, Guid tokenId)
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageScheduler>().CancelScheduledSend(Queue, tokenId);
    }

    /// <summary>The schedule is stored (the scheduler queue's consumer wrote it).</summary>
    public static Task AwaitStored(this TestWebHost host, Guid tokenId) =>
        Eventually.True(async () => await host.Schedule(tokenId) is not null, $"the schedule {tokenId} stored");

    /// <summary>The scheduler is done with the schedule: sent (or, cancelled, dropped) and its row deleted in the same transaction.</summary>
    public static Task AwaitGone(this TestWebHost host, Guid tokenId) =>
        Eventually.True(async () => await host.Schedule(tokenId) is null, $"the schedule {tokenId} done with");

    public static async Task<StoredSchedule?> Schedule(this TestWebHost host, Guid tokenId)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<StoredSchedule>(tokenId);
    }

    /// <summary>
    /// Returns once every alarm the scheduler sent before this call has been consumed by each of
    /// <paramref name="consumers"/> (default: the scheduler's host): sentinel alarms due now are sent after them, and
    /// a host consumes one alarm at a time in queue order, so a host that consumed a sentinel has consumed
    /// everything sent to it before. Call it once the scheduler is done with the alarms in question (their rows gone).
    /// </summary>
    public static async Task AwaitEarlierAlarmsConsumed(this TestWebHost scheduler, TimeProvider clock, params TestWebHost[] consumers)
    {
        var hosts = consumers.Length == 0 ? [scheduler] : consumers;
        var sentinels = new HashSet<Guid>();
        var polls = 0;
        await Eventually.True(async () =>
        {
            if (hosts.All(h => h.Arrivals().All.Any(a => sentinels.Contains(a.AlarmId)))) return true;
            // A new sentinel every second until each host got one (with several hosts, which gets which is the broker's choice).
            if (polls++ % 20 == 0)
            {
                var sentinel = Guid.NewGuid();
                sentinels.Add(sentinel);
                await scheduler.ScheduleAlarm(sentinel, clock.GetUtcNow());
            }
            return false;
        }, "a sentinel alarm at every host");
    }
}
