using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Relay;
using PowerMicro.Testing;

namespace PowerMicro.Durable.Tests.Relay;

/// <summary>
/// The soak hour's stall, made on purpose: the relay's checkpoint is moved under it (as a second instance's
/// relay did after PostgreSQL restarted), its next checkpoint fails as out of order, and Marten stops it.
/// <see cref="StalledSubscriptionWatchdog"/> must notice that stored events wait and bring the relay back.
/// </summary>
public sealed class When_the_relay_stops_behind_the_stored_events : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_the_relay_stops_behind_the_stored_events(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    [Fact]
    public async Task The_watchdog_restarts_it_and_every_event_is_published()
    {
        await using var subscriber = await ReadingHosts.StartSubscriber(_infrastructure);
        await using var relay = await DurableTestHost.StartAsync(_infrastructure, _ => { },
            eventStore: m => m.AddEventRelay(DurableTestHost.ServiceName, r => r.MapReadings()),
            configuration: new Dictionary<string, string?>
            {
                ["EventStore:WatchdogInterval"] = "00:00:00.200",
                ["EventStore:StalledAfter"] = "00:00:02",
            });
        var store = relay.Services.GetRequiredService<IDocumentStore>();
        var order = Guid.NewGuid();
        async Task Append(int reading)
        {
            await using var session = await store.OpenTracedSessionAsync();
            session.Events.Append(order, new MeterRead(reading));
            await session.SaveChangesAsync();
        }
        bool Arrived(int reading) => subscriber.Readings().All.Any(r => r.OrderId == order && r.Sequence == reading);

        var database = relay.Services.GetRequiredService<NpgsqlDataSource>();
        async Task<long> Scalar(string sql)
        {
            await using var command = database.CreateCommand(sql);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        var progression = $"{_infrastructure.Schema}.mt_event_progression";
        Task<long> Checkpoint() => Scalar($"select last_seq_id from {progression} where name = 'event-relay:All'");

        // Marten's own bookkeeping rows stand still by design (the soak's first watchdog took this one for a stall).
        await Scalar($"insert into {progression} (name, last_seq_id) values ('HighWaterStuckGap', 0) on conflict do nothing returning 1");
        await Append(1);
        await Append(2);
        await Eventually.True(() => Arrived(2), "the first readings relayed");
        await Eventually.True(async () => await Checkpoint() == 2, "the relay's checkpoint at the second reading");

        // Another writer of the checkpoint: the relay's next one (after reading 3) fails as out of order.
        Assert.Equal(1, await Scalar($"with moved as (update {progression} set last_seq_id = 1 where name = 'event-relay:All' returning 1) select count(*) from moved"));
        await Append(3);
        // Published, then its checkpoint fails and Marten stops the relay: reading 4 finds no relay running.
        await Eventually.True(() => Arrived(3), "the third reading relayed");
        await Append(4);

        await Eventually.True(() => Arrived(4), "the reading stored after the relay stopped", TimeSpan.FromSeconds(60));
        await Eventually.True(async () => await Checkpoint() == 4, "the relay's checkpoint at the last reading");
        // Caught up, nothing stands still any more: well past StalledAfter, still the one restart.
        var watchdog = relay.Services.GetRequiredService<StalledSubscriptionWatchdog>();
        var rounds = watchdog.Rounds;
        await Eventually.True(() => watchdog.Rounds >= rounds + 20, "twenty more rounds of the watchdog (4 s)");
        Assert.Equal(1, watchdog.Restarts);
    }
}
