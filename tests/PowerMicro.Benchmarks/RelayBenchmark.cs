using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Durable.Relay;
using PowerMicro.Testing;

namespace PowerMicro.Benchmarks;

public sealed record BenchReadingTaken(int Reading);

[MessageUrn("PowerMicro.Benchmarks:ReadingRelayed")]
public sealed record ReadingRelayed(Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source) : IOrderEvent;

public sealed class RelayedArrivals
{
    public ConcurrentQueue<(DateTimeOffset OccurredAt, DateTimeOffset ArrivedAt)> All { get; } = new();
}

public sealed class ReadingRelayedConsumer(RelayedArrivals arrivals) : IConsumer<ReadingRelayed>
{
    public Task Consume(ConsumeContext<ReadingRelayed> context)
    {
        arrivals.All.Enqueue((context.Message.OccurredAt, DateTimeOffset.UtcNow));
        return Task.CompletedTask;
    }
}

/// <summary>
/// deploy/bench.sh relay [--events 20000] [--orders 1000] [--batch 1000] [--rate 0]: appends events to Marten in
/// batches, the relay publishes them to RabbitMQ, one consumer receives them. Prints events/s from the
/// first append to the last arrival, and the latency from each event's commit time to its arrival.
/// </summary>
public static class RelayBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var events = BenchmarkInfrastructure.Option(args, "--events", 20_000);
        var orders = BenchmarkInfrastructure.Option(args, "--orders", 1_000);
        var batch = BenchmarkInfrastructure.Option(args, "--batch", 1_000);
        // --rate N: append N events/s (in sessions of --batch) instead of as fast as possible, for
        // latency at a steady load rather than while draining a burst.
        var rate = BenchmarkInfrastructure.Option(args, "--rate", 0);

        var infrastructure = await BenchmarkInfrastructure.CreateAsync();
        try
        {
            await using var host = await DurableTestHost.StartAsync(infrastructure,
                x => x.AddConsumer<ReadingRelayedConsumer>().Endpoint(e => e.Name = "bench-readings"),
                eventStore: m => m.AddEventRelay("bench", r =>
                    r.Map<BenchReadingTaken>((_, meta) => new ReadingRelayed(meta.OrderId, meta.OccurredAt, meta.Sequence, meta.Source))),
                before: b => b.Services.AddSingleton<RelayedArrivals>(),
                configuration: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
            var store = host.Services.GetRequiredService<IDocumentStore>();
            var arrivals = host.Services.GetRequiredService<RelayedArrivals>();
            var streams = Enumerable.Range(0, orders).Select(_ => Guid.NewGuid()).ToArray();

            var clock = Stopwatch.StartNew();
            for (var appended = 0; appended < events;)
            {
                await using var session = store.LightweightSession();
                for (var i = 0; i < batch && appended < events; i++, appended++)
                    session.Events.Append(streams[appended % orders], new BenchReadingTaken(appended));
                await session.SaveChangesAsync();
                if (rate > 0)
                {
                    var ahead = TimeSpan.FromSeconds((double)appended / rate) - clock.Elapsed;
                    if (ahead > TimeSpan.Zero) await Task.Delay(ahead);
                }
            }
            var appendSeconds = clock.Elapsed.TotalSeconds;

            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (arrivals.All.Count < events && DateTime.UtcNow < deadline) await Task.Delay(20);
            var totalSeconds = clock.Elapsed.TotalSeconds;

            var latency = new LongHistogram(TimeStamp.Minutes(10), 3);
            foreach (var (occurred, arrived) in arrivals.All)
                latency.RecordValue(Math.Max(0, (long)((arrived - occurred).TotalMilliseconds * 1000)));

            Console.WriteLine($"relay: {events} events over {orders} orders, appended in sessions of {batch}" +
                              (rate > 0 ? $" at {rate} events/s" : " as fast as possible"));
            Console.WriteLine($"  appended in {appendSeconds:0.00} s ({events / appendSeconds:0} events/s)");
            Console.WriteLine($"  received {arrivals.All.Count} in {totalSeconds:0.00} s: {arrivals.All.Count / totalSeconds:0} events/s append-to-consume");
            Console.WriteLine($"  commit-to-arrival latency p50 {BenchmarkInfrastructure.Millis(latency.GetValueAtPercentile(50))}, " +
                              $"p99 {BenchmarkInfrastructure.Millis(latency.GetValueAtPercentile(99))}, max {BenchmarkInfrastructure.Millis(latency.GetMaxValue())}");
            return arrivals.All.Count >= events ? 0 : 1;
        }
        finally
        {
            await infrastructure.DisposeAsync();
        }
    }
}
