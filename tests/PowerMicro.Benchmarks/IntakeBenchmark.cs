using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HdrHistogram;

namespace PowerMicro.Benchmarks;

/// <summary>
/// deploy/bench.sh intake [-n 1000] [--levels 1,16,64] [--clients 64] [--gateway URL] [--direct URL]:
/// against a running system (deploy/run.sh --detach), takes in N real orders (POST /api/orders, each a
/// new event stream, relayed to RabbitMQ) at each concurrency level, straight to intake and through the
/// gateway (development tokens rotated over --clients agents, as the gateway limits per client), and
/// prints orders/s and latency p50/p99 for each. Bounded: N orders per level and target.
/// </summary>
public static class IntakeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var requests = int.Parse(Arg("-n", "1000"));
        var levels = Arg("--levels", "1,16,64").Split(',').Select(int.Parse).ToArray();
        var clients = int.Parse(Arg("--clients", "64"));
        var gateway = new Uri(Arg("--gateway", "http://127.0.0.1:8080"));
        var direct = new Uri(Arg("--direct", "http://127.0.0.1:5101"));

        using var gatewayClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = levels.Max() }) { BaseAddress = gateway };
        using var directClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = levels.Max() }) { BaseAddress = direct };
        var tokens = new string[clients];
        try
        {
            for (var i = 0; i < clients; i++)
            {
                using var response = await gatewayClient.PostAsJsonAsync("/api/auth/dev-token", new { role = "agent", name = $"bench-agent-{i:00}" });
                response.EnsureSuccessStatusCode();
                tokens[i] = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
        {
            Console.Error.WriteLine($"bench: cannot get development tokens from {gateway}: {ex.Message}; start the system with deploy/run.sh --detach");
            return 1;
        }

        Console.WriteLine($"intake: POST /api/orders, {requests} orders per level and target, {Environment.ProcessorCount} cores shared by client, services, PostgreSQL and RabbitMQ");
        Console.WriteLine($"{"target",-8} {"conc.",5} {"orders/s",9} {"p50 ms",8} {"p99 ms",8} {"max ms",8}  statuses");
        var failed = false;
        foreach (var concurrency in levels)
        {
            foreach (var (name, client, viaGateway) in new[] { ("direct", directClient, false), ("gateway", gatewayClient, true) })
            {
                var (elapsed, histogram, statuses) = await Measure(client, viaGateway, requests, concurrency, tokens);
                Console.WriteLine($"{name,-8} {concurrency,5} {requests / elapsed.TotalSeconds,9:0} {histogram.GetValueAtPercentile(50) / 1000.0,8:0.00} " +
                                  $"{histogram.GetValueAtPercentile(99) / 1000.0,8:0.00} {histogram.GetMaxValue() / 1000.0,8:0.00}  " +
                                  string.Join(" ", statuses.Select(s => $"{s.Key}x{s.Value}")));
                failed |= statuses.Keys.Any(s => s != 201);
            }
        }
        if (failed) Console.WriteLine("warning: some orders were not answered 201 (see statuses)");
        return failed ? 1 : 0;
    }

    private static string Body(long n) => $$"""
        {"kind":"repair","subtype":"no-power","channel":"phone","area":"urban",
         "customer":{"accountNo":"{{3201000000 + n % 100000:D10}}","name":"Bench Customer","phone":"13800000000","tier":"C","importance":3},
         "address":"12 Huaihe Rd, Xuyi","description":"benchmark order {{n}}"}
        """;

    private static async Task<(TimeSpan, LongHistogram, SortedDictionary<int, long>)> Measure(
        HttpClient client, bool viaGateway, int requests, int concurrency, string[] tokens)
    {
        var issued = 0L;
        var histogram = new LongHistogram(60_000_000, 3);
        var statuses = new SortedDictionary<int, long>();
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            long n;
            while ((n = Interlocked.Increment(ref issued)) <= requests)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
                {
                    Content = new StringContent(Body(n), Encoding.UTF8, "application/json"),
                };
                // Services validate the token themselves, so the direct calls carry it too.
                request.Headers.Authorization = new("Bearer", tokens[n % tokens.Length]);
                var start = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await client.SendAsync(request);
                    await response.Content.ReadAsByteArrayAsync();
                    status = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    status = 0;
                }
                var micros = Math.Max(1, Stopwatch.GetElapsedTime(start).Ticks / 10);
                lock (histogram)
                {
                    histogram.RecordValue(micros);
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                }
            }
        })));
        return (started.Elapsed, histogram, statuses);
    }
}
