using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Durable.Sagas;
using PowerMicro.Testing;

namespace PowerMicro.Durable.Tests.Sagas;

public sealed class When_saga_messages_race_or_the_host_restarts : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_saga_messages_race_or_the_host_restarts(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    private Task<TestWebHost> StartHost() => DurableTestHost.StartAsync(_infrastructure,
        x => x.AddSagaStateMachine<MeterStateMachine, MeterState>().MartenRepository());

    private static async Task<MeterState?> Load(TestWebHost host, Guid id)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<MeterState>(id);
    }

    private static async Task<MeterState> WaitForTotal(TestWebHost host, Guid id, int total) =>
        await Eventually.Get(async () => await Load(host, id) is { } s && s.Total == total ? s : null, $"meter total {total}");

    [Fact]
    public async Task Two_concurrent_messages_for_a_new_saga_are_both_applied_exactly_once()
    {
        await using var host = await StartHost();
        var bus = host.Services.GetRequiredService<IBus>();
        for (var round = 0; round < 10; round++)
        {
            var meter = Guid.NewGuid();
            var first = Guid.NewGuid();
            var second = Guid.NewGuid();
            await Task.WhenAll(
                bus.Publish(new MeterIncremented(meter, $"S-{round}", 1), c => c.MessageId = first),
                bus.Publish(new MeterIncremented(meter, $"S-{round}", 10), c => c.MessageId = second));

            var state = await WaitForTotal(host, meter, 11);
            Assert.Equal(new[] { first, second }.Order(), state.Applied.Order());
            Assert.Equal(2, state.Version);
        }
    }

    [Fact]
    public async Task A_restarted_host_continues_the_saga_from_its_stored_state()
    {
        var meter = Guid.NewGuid();
        await using (var before = await StartHost())
        {
            await before.Services.GetRequiredService<IBus>().Publish(new MeterIncremented(meter, "S-restart", 5));
            await WaitForTotal(before, meter, 5);
        }

        await using var after = await StartHost();
        await after.Services.GetRequiredService<IBus>().Publish(new MeterIncremented(meter, "S-restart", 7));
        var state = await WaitForTotal(after, meter, 12);
        Assert.Equal("Counting", state.CurrentState);
        Assert.Equal(2, state.Applied.Count);
    }

    [Fact]
    public async Task A_message_is_correlated_by_query_and_a_finalized_saga_is_removed()
    {
        await using var host = await StartHost();
        var bus = host.Services.GetRequiredService<IBus>();
        var meter = Guid.NewGuid();
        var serial = "S-" + Guid.NewGuid().ToString("N")[..8];
        await bus.Publish(new MeterIncremented(meter, serial, 4));
        await WaitForTotal(host, meter, 4);

        await bus.Publish(new MeterResetBySerial(serial));
        await Eventually.True(async () => await Load(host, meter) is { Applied.Count: 2, Total: 0 }, "the reset by serial");

        await bus.Publish(new MeterRetired(meter));
        await Eventually.True(async () => await Load(host, meter) is null, "the finalized saga to be removed");
    }
}
