using System.Diagnostics;
using HdrHistogram;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Callback;
using PowerMicro.Callback.Callbacks;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Benchmarks;

/// <summary>
/// deploy/bench.sh callback [--completions 2000]: publishes repair completions to a callback service
/// (in process, on a fresh schema and virtual host) and measures the saga's throughput (completions/s
/// processed to a stored callback task, which the relay publishes as CallbackScheduled) and the latency
/// from publishing a completion to its task (p50/p99).
/// </summary>
public static class CallbackBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var completions = BenchmarkInfrastructure.Option(args, "--completions", 2_000);
        var infrastructure = await BenchmarkInfrastructure.CreateAsync();
        try
        {
            var configuration = infrastructure.Configuration();
            configuration["Logging:LogLevel:Default"] = "Warning";
            await using var host = await TestWebHost.StartAsync(configuration, b => b.AddCallback(), app => app.MapCallback());
            var bus = host.Services.GetRequiredService<IBus>();
            var store = host.Services.GetRequiredService<IDocumentStore>();

            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, completions), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
                await bus.Publish(new OrderCompleted(Guid.NewGuid(), DateTimeOffset.UtcNow, 1, "bench", "repair", "no-power", false, "C", "restored", 1), ct));
            var published = clock.Elapsed.TotalSeconds;

            List<CallbackTaskCreated> tasks = [];
            var deadline = DateTime.UtcNow.AddMinutes(10);
            while (DateTime.UtcNow < deadline)
            {
                await using var session = store.QuerySession();
                if (await session.Events.QueryRawEventDataOnly<CallbackTaskCreated>().CountAsync() >= completions) break;
                await Task.Delay(100);
            }
            var total = clock.Elapsed.TotalSeconds;
            await using (var session = store.QuerySession())
            {
                tasks = (await session.Events.QueryRawEventDataOnly<CallbackTaskCreated>().ToListAsync()).ToList();
            }
            // DueAt = completion time + 24 h, so DueAt - 24 h is when the completion was published.
            var latency = new LongHistogram(TimeStamp.Minutes(10), 3);
            foreach (var t in tasks) latency.RecordValue(Math.Max(0, (long)((t.At - (t.DueAt - TimeSpan.FromHours(24))).TotalMilliseconds * 1000)));

            Console.WriteLine($"callback saga: {completions} repair completions published in {published:0.00} s (16 publishers)");
            Console.WriteLine($"  {tasks.Count} callback tasks after {total:0.00} s: {tasks.Count / total:0} completions/s to CallbackScheduled");
            Console.WriteLine($"  completion-to-task latency p50 {BenchmarkInfrastructure.Millis(latency.GetValueAtPercentile(50))}, " +
                              $"p99 {BenchmarkInfrastructure.Millis(latency.GetValueAtPercentile(99))}");
            return tasks.Count == completions ? 0 : 1;
        }
        finally
        {
            await infrastructure.DisposeAsync();
        }
    }
}
