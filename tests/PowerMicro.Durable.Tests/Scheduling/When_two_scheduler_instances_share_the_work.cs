using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Durable.Scheduling;
using PowerMicro.Testing;

namespace PowerMicro.Durable.Tests.Scheduling;

public sealed class When_two_scheduler_instances_share_the_work : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_two_scheduler_instances_share_the_work(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    [Fact]
    public async Task Each_of_1000_scheduled_messages_arrives_exactly_once()
    {
        await using var first = await AlarmHost.StartAsync(_infrastructure);
        await using var second = await AlarmHost.StartAsync(_infrastructure);
        var alarms = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).ToArray();
        var due = DateTimeOffset.UtcNow.AddSeconds(3);

        await Parallel.ForEachAsync(alarms.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (a, _) => await (a.i % 2 == 0 ? first : second).ScheduleAlarm(a.id, due.AddMilliseconds(a.i)));

        var wanted = alarms.ToHashSet();
        int Received() => first.Arrivals().All.Concat(second.Arrivals().All).Count(a => wanted.Contains(a.AlarmId));
        await Eventually.True(() => Received() >= 1000, "1000 alarms", TimeSpan.FromSeconds(60));
        await Eventually.True(async () =>
        {
            await using var session = first.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return !await session.Query<ScheduledMessage>().AnyAsync();
        }, "every schedule done with");
        await first.AwaitEarlierAlarmsConsumed(TimeProvider.System, first, second);

        var arrivals = first.Arrivals().All.Concat(second.Arrivals().All).Where(a => wanted.Contains(a.AlarmId)).ToList();
        Assert.Equal(1000, arrivals.Count);
        Assert.Equal(1000, arrivals.Select(a => a.AlarmId).Distinct().Count());
    }
}
