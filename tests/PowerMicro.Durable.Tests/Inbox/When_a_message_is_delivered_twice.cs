using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Durable.Inbox;
using PowerMicro.Testing;

namespace PowerMicro.Durable.Tests.Inbox;

public sealed record CreditMeter(Guid MeterId, int Units);

public sealed class MeterBalance
{
    public Guid Id { get; set; }
    public int Units { get; set; }
}

/// <summary>A consumer whose effect (the balance) is not idempotent by itself, guarded by the inbox.</summary>
public sealed class CreditMeterConsumer(IDocumentStore store, TimeProvider clock) : IConsumer<CreditMeter>
{
    public async Task Consume(ConsumeContext<CreditMeter> context)
    {
        await using var session = store.LightweightSession();
        if (!await session.TryBeginHandling(nameof(CreditMeterConsumer), context.MessageId, clock.GetUtcNow(), context.CancellationToken))
            return;
        // Distinct messages for one meter may also run at once: optimistic concurrency (see the host) makes
        // the later commit fail and retry instead of overwriting the earlier one's units.
        var balance = await session.LoadAsync<MeterBalance>(context.Message.MeterId, context.CancellationToken);
        if (balance is null) session.Insert(balance = new MeterBalance { Id = context.Message.MeterId });
        else session.Update(balance);
        balance.Units += context.Message.Units;
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

public sealed class When_a_message_is_delivered_twice : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_a_message_is_delivered_twice(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    [Fact]
    public async Task The_second_delivery_changes_nothing_even_when_both_arrive_at_once()
    {
        await using var host = await DurableTestHost.StartAsync(_infrastructure,
            x => x.AddConsumer<CreditMeterConsumer>().Endpoint(e => e.Name = "credits"),
            eventStore: m => m.Services.ConfigureMarten(o => o.Schema.For<MeterBalance>().UseOptimisticConcurrency(true)));
        var bus = host.Services.GetRequiredService<IBus>();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var meter = Guid.NewGuid();
        var once = Guid.NewGuid();
        var other = Guid.NewGuid();

        // The same message (same id) three times, two of them concurrently, then a different message.
        await Task.WhenAll(
            bus.Publish(new CreditMeter(meter, 5), c => c.MessageId = once),
            bus.Publish(new CreditMeter(meter, 5), c => c.MessageId = once));
        await bus.Publish(new CreditMeter(meter, 5), c => c.MessageId = once);
        await bus.Publish(new CreditMeter(meter, 100), c => c.MessageId = other);

        await Eventually.True(async () =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<MeterBalance>(meter) is { Units: >= 105 };
        }, "both distinct messages to be applied");
        await host.Consumed.Await(once, times: 3);
        await host.Consumed.Await(other);

        await using var query = store.QuerySession();
        Assert.Equal(105, (await query.LoadAsync<MeterBalance>(meter))!.Units);
        Assert.Equal(2, await query.Query<HandledMessage>().CountAsync());
    }
}
