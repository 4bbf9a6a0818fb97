using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Durable.Relay;
using PowerMicro.ServiceDefaults.Telemetry;
using PowerMicro.Testing;

namespace PowerMicro.Durable.Tests.Relay;

/// <summary>The domain event a test service stores.</summary>
public sealed record MeterRead(int Reading);

/// <summary>The integration event the relay publishes for it.</summary>
[MessageUrn("PowerMicro.Tests:MeterReadingPublished")]
public sealed record MeterReadingPublished(Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source, int Reading) : IOrderEvent;

public sealed record ReceivedReading(Guid OrderId, long Sequence, Guid? MessageId, string? TraceId, string? OrderTag);

public sealed class ReceivedReadings
{
    public ConcurrentQueue<ReceivedReading> All { get; } = new();
}

public sealed class ReadingConsumer(ReceivedReadings received) : IConsumer<MeterReadingPublished>
{
    public Task Consume(ConsumeContext<MeterReadingPublished> context)
    {
        received.All.Enqueue(new ReceivedReading(context.Message.OrderId, context.Message.Sequence, context.MessageId,
            Activity.Current?.TraceId.ToString(), Activity.Current?.GetTagItem(PowerMicroActivity.OrderIdTag) as string));
        return Task.CompletedTask;
    }
}

public static class ReadingHosts
{
    public static void MapReadings(this IntegrationEventMap map) =>
        map.Map<MeterRead>((e, m) => new MeterReadingPublished(m.OrderId, m.OccurredAt, m.Sequence, m.Source, e.Reading));

    /// <summary>A service instance that stores readings and relays them (no consumer).</summary>
    public static Task<TestWebHost> StartRelay(IsolatedInfrastructure infrastructure,
        Action<Microsoft.AspNetCore.Builder.WebApplication>? map = null) =>
        DurableTestHost.StartAsync(infrastructure, _ => { },
            eventStore: m => m.AddEventRelay(DurableTestHost.ServiceName, r => r.MapReadings()), map: map);

    /// <summary>An integrator: its own schema, one queue, one message at a time so arrival order is publish order.</summary>
    public static Task<TestWebHost> StartSubscriber(IsolatedInfrastructure infrastructure) =>
        DurableTestHost.StartAsync(infrastructure,
            x => x.AddConsumer<ReadingConsumer>().Endpoint(e =>
            {
                e.Name = "readings";
                e.ConcurrentMessageLimit = 1;
            }),
            before: b =>
            {
                b.Services.AddSingleton<ReceivedReadings>();
                ExportedSpans.AddTo(b.Services);
            },
            configuration: new Dictionary<string, string?> { ["EventStore:Schema"] = infrastructure.Schema + "_subscriber" });

    public static ReceivedReadings Readings(this TestWebHost host) => host.Services.GetRequiredService<ReceivedReadings>();
    public static ExportedSpans Spans(this TestWebHost host) => host.Services.GetRequiredService<ExportedSpans>();
}
