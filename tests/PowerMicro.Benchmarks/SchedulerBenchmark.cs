using System.Collections.Concurrent;
using HdrHistogram;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Testing;

namespace PowerMicro.Benchmarks;

public sealed record BenchTimer(DateTimeOffset DueAt);

public sealed class TimerArrivals
{
    public ConcurrentQueue<TimeSpan> Lateness { get; } = new();
}

public sealed class BenchTimerConsumer(TimerArrivals arrivals) : IConsumer<BenchTimer>
{
    public Task Consume(ConsumeContext<BenchTimer> context)
    {
        arrivals.Lateness.Enqueue(DateTimeOffset.UtcNow - context.Message.DueAt);
        return Task.CompletedTask;
    }
}

/// <summary>
/// deploy/bench.sh scheduler [--messages 2000] [--spread 10] [--lead 15]: schedules messages due over the next
/// --spread seconds through the durable scheduler, and prints how late each arrived (p50/p99/max).
/// </summary>
public static class SchedulerBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var messages = BenchmarkInfrastructure.Option(args, "--messages", 2_000);
        var spread = BenchmarkInfrastructure.Option(args, "--spread", 10);
        // The first message is due --lead seconds after scheduling starts, so storing the schedules
        // (measured separately) is over before the first is due.
        var lead = BenchmarkInfrastructure.Option(args, "--lead", 15);

        var infrastructure = await BenchmarkInfrastructure.CreateAsync();
        try
        {
            await using var host = await DurableTestHost.StartAsync(infrastructure,
                x => x.AddConsumer<BenchTimerConsumer>().Endpoint(e => e.Name = "bench-timers"),
                before: b => b.Services.AddSingleton<TimerArrivals>(),
                configuration: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
            var arrivals = host.Services.GetRequiredService<TimerArrivals>();
            using var scope = host.Services.CreateScope();
            var scheduler = scope.ServiceProvider.GetRequiredService<IMessageScheduler>();
            var destination = new Uri("queue:bench-timers");

            var scheduling = System.Diagnostics.Stopwatch.StartNew();
            var start = DateTimeOffset.UtcNow.AddSeconds(lead);
            await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                var due = start.AddMilliseconds(spread * 1000.0 * i / messages);
                await scheduler.ScheduleSend(destination, due.UtcDateTime, new BenchTimer(due), ct);
            });

            var published = scheduling.Elapsed.TotalSeconds;
            var store = host.Services.GetRequiredService<Marten.IDocumentStore>();
            while (true)
            {
                await using var session = store.QuerySession();
                if (await session.Query<PowerMicro.Durable.Scheduling.ScheduledMessage>().CountAsync() + arrivals.Lateness.Count >= messages) break;
                await Task.Delay(20);
            }
            var stored = scheduling.Elapsed.TotalSeconds;

            var deadline = DateTime.UtcNow.AddSeconds(lead + spread + 60);
            while (arrivals.Lateness.Count < messages && DateTime.UtcNow < deadline) await Task.Delay(50);

            var histogram = new LongHistogram(TimeStamp.Minutes(10), 3);
            var early = 0;
            foreach (var lateness in arrivals.Lateness)
            {
                if (lateness < TimeSpan.Zero) early++;
                histogram.RecordValue(Math.Max(0, (long)(lateness.TotalMilliseconds * 1000)));
            }
            Console.WriteLine($"scheduler: {messages} messages due over {spread} s, received {arrivals.Lateness.Count}, early {early}");
            Console.WriteLine($"  scheduling: published in {published:0.00} s, all stored after {stored:0.00} s ({messages / stored:0} schedules/s)");
            Console.WriteLine($"  lateness p50 {BenchmarkInfrastructure.Millis(histogram.GetValueAtPercentile(50))}, " +
                              $"p99 {BenchmarkInfrastructure.Millis(histogram.GetValueAtPercentile(99))}, max {BenchmarkInfrastructure.Millis(histogram.GetMaxValue())}");
            return arrivals.Lateness.Count >= messages && early == 0 ? 0 : 1;
        }
        finally
        {
            await infrastructure.DisposeAsync();
        }
    }
}
