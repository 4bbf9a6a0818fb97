using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using HdrHistogram;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Intake;
using PowerMicro.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace PowerMicro.Benchmarks;

/// <summary>
/// deploy/bench.sh public-events [--orders 300] [--rate 20]: the real intake service takes repairs over HTTP at a light
/// rate; for each, the other services' events (dispatch, callback, each numbered by its own service) are published
/// as those services would. A plain AMQP queue bound to powermicro.events with "#" collects the CloudEvents.
/// Prints the latency from the HTTP answer (201) to the OrderReceived CloudEvent at the queue, from another
/// service's publish to its CloudEvent, and the sequences per order (collisions, gaps).
/// </summary>
public static class PublicEventsBenchmark
{
    private const int EventsPerOrder = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var orders = BenchmarkInfrastructure.Option(args, "--orders", 300);
        var rate = BenchmarkInfrastructure.Option(args, "--rate", 20);
        var infrastructure = await BenchmarkInfrastructure.CreateAsync();
        try
        {
            var settings = infrastructure.Configuration();
            settings["Logging:LogLevel:Default"] = "Warning";
            await using var intake = await TestWebHost.StartAsync(settings, b => b.AddIntake(), app => app.MapIntake());

            var arrived = new ConcurrentDictionary<(string Id, string Type), DateTimeOffset>();
            var sequences = new ConcurrentDictionary<string, ConcurrentBag<int>>();
            var factory = new ConnectionFactory { Uri = new Uri(infrastructure.RabbitMq) };
            await using var connection = await factory.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
            await channel.QueueBindAsync(queue, "powermicro.events", "#");
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) =>
            {
                var at = DateTimeOffset.UtcNow;
                using var e = JsonDocument.Parse(delivery.Body);
                var subject = e.RootElement.GetProperty("subject").GetString()!;
                arrived.TryAdd((subject, e.RootElement.GetProperty("type").GetString()!), at);
                sequences.GetOrAdd(subject, _ => []).Add(e.RootElement.GetProperty("sequence").GetInt32());
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue, autoAck: true, consumer);

            var bus = intake.Services.GetRequiredService<IBus>();
            var answered = new ConcurrentDictionary<string, DateTimeOffset>();
            var published = new ConcurrentDictionary<string, DateTimeOffset>();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < orders; i++)
            {
                using var response = await intake.Client.PostAsync("/api/orders", new StringContent(Order(i), Encoding.UTF8, "application/json"));
                var at = DateTimeOffset.UtcNow;
                response.EnsureSuccessStatusCode();
                var orderId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("orderId").GetGuid();
                answered[orderId.ToString()] = at;
                _ = LiveAsync(bus, orderId, published);
                var ahead = TimeSpan.FromSeconds((double)(i + 1) / rate) - clock.Elapsed;
                if (ahead > TimeSpan.Zero) await Task.Delay(ahead);
            }
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (arrived.Count < orders * EventsPerOrder && DateTime.UtcNow < deadline) await Task.Delay(20);

            var fromAnswer = new LongHistogram(TimeStamp.Minutes(10), 3);
            foreach (var (order, at) in answered)
                if (arrived.TryGetValue((order, "cn.powermicro.order-received.v1"), out var got))
                    fromAnswer.RecordValue(Math.Max(0, (long)((got - at).TotalMilliseconds * 1000)));
            var fromPublish = new LongHistogram(TimeStamp.Minutes(10), 3);
            foreach (var ((order, type), at) in arrived)
                if (published.TryGetValue(order + type, out var sent))
                    fromPublish.RecordValue(Math.Max(0, (long)((at - sent).TotalMilliseconds * 1000)));

            var collisions = sequences.Values.Sum(s => s.Count - s.Distinct().Count());
            var complete = sequences.Values.Count(s => s.Order().SequenceEqual(Enumerable.Range(1, EventsPerOrder)));
            Console.WriteLine($"public-events: {orders} repairs at {rate}/s, {EventsPerOrder} events each (intake 1, dispatch 3, callback 1)");
            Console.WriteLine($"  {arrived.Count} CloudEvents at the integrator's queue");
            Console.WriteLine($"  HTTP 201 → OrderReceived CloudEvent: p50 {BenchmarkInfrastructure.Millis(fromAnswer.GetValueAtPercentile(50))}, " +
                              $"p99 {BenchmarkInfrastructure.Millis(fromAnswer.GetValueAtPercentile(99))}, max {BenchmarkInfrastructure.Millis(fromAnswer.GetMaxValue())} ({fromAnswer.TotalCount} orders)");
            Console.WriteLine($"  other service's publish → its CloudEvent: p50 {BenchmarkInfrastructure.Millis(fromPublish.GetValueAtPercentile(50))}, " +
                              $"p99 {BenchmarkInfrastructure.Millis(fromPublish.GetValueAtPercentile(99))}, max {BenchmarkInfrastructure.Millis(fromPublish.GetMaxValue())} ({fromPublish.TotalCount} events)");
            Console.WriteLine($"  sequences: {complete} of {orders} orders exactly 1..{EventsPerOrder}; collisions {collisions}");
            return arrived.Count >= orders * EventsPerOrder && collisions == 0 ? 0 : 1;
        }
        finally
        {
            await infrastructure.DisposeAsync();
        }
    }

    /// <summary>What dispatch and callback publish for a repair, each numbered by its own service.</summary>
    private static async Task LiveAsync(IBus bus, Guid order, ConcurrentDictionary<string, DateTimeOffset> published)
    {
        var now = DateTimeOffset.UtcNow;
        async Task Publish<T>(T message, string type) where T : class
        {
            published[order + type] = DateTimeOffset.UtcNow;
            await bus.Publish(message);
        }
        await Publish(new OrderDispatched(order, now, 1, "dispatch", "urban-1", "urban", now.AddMinutes(45), 1), "cn.powermicro.order-dispatched.v1");
        await Publish(new CrewArrived(order, now, 3, "dispatch", "urban-1", true, now.AddHours(3)), "cn.powermicro.crew-arrived.v1");
        await Publish(new OrderCompleted(order, now, 5, "dispatch", "repair", "no-power", false, "C", "restored", 1), "cn.powermicro.order-completed.v1");
        await Publish(new CallbackScheduled(order, now, 1, "callback", Guid.NewGuid(), now.AddHours(24), false, 1), "cn.powermicro.callback-scheduled.v1");
    }

    private static string Order(int i) => $$"""
        {"kind":"repair","subtype":"no-power","channel":"phone","area":"urban",
         "customer":{"accountNo":"32010{{i % 100000:00000}}","name":"Bench {{i}}","phone":"13800000000","tier":"C","importance":3},
         "address":"12 Huaihe Rd, Xuyi","description":"No power since 9 am","appointmentAt":null}
        """;
}
