using System.Collections.Concurrent;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Durable.EventStore;
using PowerMicro.Testing;

namespace PowerMicro.Foundation.Tests;

public sealed record MeterRead(string Meter, int Reading);

public sealed class ReceivedEvents
{
    public ConcurrentQueue<IEvent> Events { get; } = new();
}

public sealed class RecordingSubscription : SubscriptionBase
{
    private readonly ReceivedEvents _received;

    public RecordingSubscription(ReceivedEvents received)
    {
        _received = received;
        Name = "recording";
        IncludeType<MeterRead>();
    }

    public override Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var e in page.Events) _received.Events.Enqueue(e);
        return Task.FromResult<IChangeListener>(NullChangeListener.Instance);
    }
}

public sealed class When_events_are_appended_the_hot_cold_daemon_delivers_them : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_events_are_appended_the_hot_cold_daemon_delivers_them(IsolatedInfrastructure infrastructure) =>
        _infrastructure = infrastructure;

    [Fact]
    public async Task A_subscription_receives_every_appended_event_in_order()
    {
        await using var host = await TestWebHost.StartAsync(_infrastructure.Configuration(),
            builder =>
            {
                builder.Services.AddSingleton<ReceivedEvents>();
                builder.AddEventStore("foundation")
                    .AddSubscriptionWithServices<RecordingSubscription>(ServiceLifetime.Singleton);
            },
            _ => { });

        var store = host.Services.GetRequiredService<IDocumentStore>();
        Assert.Equal(DaemonMode.HotCold, host.Services.GetRequiredService<StoreOptions>().Projections.AsyncMode);

        var meter = Guid.NewGuid();
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream(meter, new MeterRead("M-1", 10), new MeterRead("M-1", 11));
            await session.SaveChangesAsync();
        }
        await using (var session = store.LightweightSession())
        {
            session.Events.Append(meter, new MeterRead("M-1", 12));
            await session.SaveChangesAsync();
        }

        var received = host.Services.GetRequiredService<ReceivedEvents>();
        await Eventually.True(() => received.Events.Count >= 3, "the subscription to receive 3 events");
        Assert.Equal([10, 11, 12], received.Events.Select(e => ((MeterRead)e.Data).Reading));
        Assert.All(received.Events, e => Assert.Equal(meter, e.StreamId));
    }
}
