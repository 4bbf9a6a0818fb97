using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
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
            x => x.AddConsumer<AlarmConsumer>().Endpoint(e => e.Name = "alarms"),
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
}
