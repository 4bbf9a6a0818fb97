using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Dispatch;
using PowerMicro.Testing;

namespace PowerMicro.Benchmarks;

public sealed class DispatchedArrivals
{
    public ConcurrentDictionary<Guid, DateTimeOffset> All { get; } = new();
}

public sealed class OrderDispatchedConsumer(DispatchedArrivals arrivals) : IConsumer<OrderDispatched>
{
    public Task Consume(ConsumeContext<OrderDispatched> context)
    {
        arrivals.All.TryAdd(context.Message.OrderId, DateTimeOffset.UtcNow);
        return Task.CompletedTask;
    }
}

/// <summary>
/// deploy/bench.sh dispatch [--repairs 2000] [--instances 1] [--rate 0]: the real dispatch service (one or more
/// instances on one queue) takes repairs published as intake would, opens work orders, assigns crews under the
/// assignment lock, schedules the arrival timers, and the relay publishes OrderDispatched to a subscriber.
/// Prints repairs/s from the first publish to the last OrderDispatched, and the publish-to-OrderDispatched latency.
/// </summary>
public static class DispatchBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var repairs = BenchmarkInfrastructure.Option(args, "--repairs", 2_000);
        var instances = BenchmarkInfrastructure.Option(args, "--instances", 1);
        var rate = BenchmarkInfrastructure.Option(args, "--rate", 0);

        var infrastructure = await BenchmarkInfrastructure.CreateAsync();
        var hosts = new List<TestWebHost>();
        try
        {
            await using var subscriber = await DurableTestHost.StartAsync(infrastructure,
                x => x.AddConsumer<OrderDispatchedConsumer>().Endpoint(e => e.Name = "bench-dispatched"),
                before: b => b.Services.AddSingleton<DispatchedArrivals>(),
                configuration: new Dictionary<string, string?>
                {
                    ["EventStore:Schema"] = infrastructure.Schema + "_subscriber",
                    ["Logging:LogLevel:Default"] = "Warning",
                });
            for (var i = 0; i < instances; i++) hosts.Add(await StartDispatch(infrastructure));
            var arrivals = subscriber.Services.GetRequiredService<DispatchedArrivals>();
            var bus = subscriber.Services.GetRequiredService<IBus>();

            string[] areas = ["urban", "rural", "remote"];
            var published = new ConcurrentDictionary<Guid, DateTimeOffset>();
            var clock = Stopwatch.StartNew();
            for (var sent = 0; sent < repairs;)
            {
                var batch = Enumerable.Range(sent, Math.Min(50, repairs - sent)).Select(i => Repair(areas[i % 3])).ToList();
                await Task.WhenAll(batch.Select(async r =>
                {
                    published[r.OrderId] = DateTimeOffset.UtcNow;
                    await bus.Publish(r);
                }));
                sent += batch.Count;
                if (rate > 0)
                {
                    var ahead = TimeSpan.FromSeconds((double)sent / rate) - clock.Elapsed;
                    if (ahead > TimeSpan.Zero) await Task.Delay(ahead);
                }
            }
            var publishSeconds = clock.Elapsed.TotalSeconds;

            var deadline = DateTime.UtcNow.AddMinutes(10);
            while (arrivals.All.Count < repairs && DateTime.UtcNow < deadline) await Task.Delay(20);
            var totalSeconds = clock.Elapsed.TotalSeconds;

            var latency = new LongHistogram(TimeStamp.Minutes(10), 3);
            foreach (var (orderId, arrived) in arrivals.All)
                if (published.TryGetValue(orderId, out var at))
                    latency.RecordValue(Math.Max(0, (long)((arrived - at).TotalMilliseconds * 1000)));

            Console.WriteLine($"dispatch: {repairs} repairs, {instances} instance(s)" + (rate > 0 ? $", published at {rate}/s" : ", published as fast as possible"));
            Console.WriteLine($"  published in {publishSeconds:0.00} s");
            Console.WriteLine($"  {arrivals.All.Count} OrderDispatched in {totalSeconds:0.00} s: {arrivals.All.Count / totalSeconds:0} repairs/s received-to-dispatched");
            Console.WriteLine($"  publish-to-OrderDispatched latency p50 {BenchmarkInfrastructure.Millis(latency.GetValueAtPercentile(50))}, " +
                              $"p99 {BenchmarkInfrastructure.Millis(latency.GetValueAtPercentile(99))}, max {BenchmarkInfrastructure.Millis(latency.GetMaxValue())}");
            return arrivals.All.Count >= repairs ? 0 : 1;
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
            await infrastructure.DisposeAsync();
        }
    }

    private static Task<TestWebHost> StartDispatch(IsolatedInfrastructure infrastructure)
    {
        var settings = infrastructure.Configuration();
        settings["Logging:LogLevel:Default"] = "Warning";
        string[] areas = ["urban", "rural", "remote"];
        for (var i = 0; i < areas.Length; i++)
        {
            settings[$"Dispatch:Crews:{i}:Id"] = areas[i] + "-1";
            settings[$"Dispatch:Crews:{i}:Name"] = areas[i] + " crew";
            settings[$"Dispatch:Crews:{i}:Areas:0"] = areas[i];
            settings[$"Dispatch:Crews:{i}:Capacity"] = "1000000";
        }
        return TestWebHost.StartAsync(settings, b =>
        {
            foreach (var json in b.Configuration.Sources.OfType<JsonConfigurationSource>().ToList()) b.Configuration.Sources.Remove(json);
            b.AddDispatch();
        }, app => app.MapDispatch());
    }

    private static OrderReceived Repair(string area) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, 1, "intake", "B" + Random.Shared.Next(10_000_000, 99_999_999), OrderKinds.Repair,
            "no-power", "phone", area, 3, new Customer("3201000001", "Bench", "13800000000", "C", 3), "1 Bench Rd",
            "No power", null, false, null, ActivityTraceId.CreateRandom().ToString());
}
