using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using HdrHistogram;

namespace PowerMicro.Benchmarks;

/// <summary>
/// Gateway overhead: the same GET sent N times at concurrency C straight to a service and through the
/// gateway (with development tokens, one per concurrent client), against a running system
/// (deploy/run.sh --detach). Prints p50/p90/p99/max latency and throughput of both and the difference.
/// Bounded: N requests per target, then it stops.
/// </summary>
public static class GatewayBenchmark
{
    private sealed record Options(Uri Gateway, Uri Direct, string Path, int Requests, int Concurrency, int Warmup, string Role, int Clients);

    private sealed record Result(string Target, long Count, TimeSpan Elapsed, LongHistogram Micros, SortedDictionary<int, long> Statuses, long Failures)
    {
        public double Throughput => Count / Elapsed.TotalSeconds;
        public double Ms(double percentile) => Micros.GetValueAtPercentile(percentile) / 1000.0;
        public double MaxMs => Micros.GetMaxValue() / 1000.0;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        Options options;
        try { options = Parse(args); }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine("usage: deploy/bench.sh gateway [--path /api/orders?page=1] [-n 20000] [-c 64] [--warmup 5000] " +
                "[--clients <-c>] [--gateway http://127.0.0.1:8080] [--direct http://127.0.0.1:5101] [--role agent]");
            return 2;
        }

        using var gatewayClient = Client(options.Gateway, options.Concurrency);
        using var directClient = Client(options.Direct, options.Concurrency);

        string[] tokens;
        try { tokens = await DevTokens(gatewayClient, options); }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
        {
            Console.Error.WriteLine($"bench: cannot get development tokens from {options.Gateway}: {ex.Message}");
            Console.Error.WriteLine("bench: start the system first with deploy/run.sh --detach (it enables Auth:DevTokens).");
            return 1;
        }

        Console.WriteLine($"gateway overhead: GET {options.Path}, {options.Requests} requests per target, concurrency {options.Concurrency}, " +
                          $"warm-up {options.Warmup}, {Environment.ProcessorCount} cores on this machine (shared by client, gateway and service)");
        Console.WriteLine($"  direct : {options.Direct}  (identity headers set as the gateway would)");
        Console.WriteLine($"  gateway: {options.Gateway}  ({tokens.Length} clients, each with its own development token, role {options.Role})");

        await Measure("direct", directClient, options, options.Warmup, tokens, viaGateway: false);
        await Measure("gateway", gatewayClient, options, options.Warmup, tokens, viaGateway: true);
        var direct = await Measure("direct", directClient, options, options.Requests, tokens, viaGateway: false);
        var gateway = await Measure("gateway", gatewayClient, options, options.Requests, tokens, viaGateway: true);

        Console.WriteLine();
        Console.WriteLine($"{"target",-8} {"requests",9} {"seconds",8} {"req/s",9} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8}  statuses");
        foreach (var r in new[] { direct, gateway })
            Console.WriteLine($"{r.Target,-8} {r.Count,9} {r.Elapsed.TotalSeconds,8:0.00} {r.Throughput,9:0} {r.Ms(50),8:0.000} {r.Ms(90),8:0.000} " +
                              $"{r.Ms(99),8:0.000} {r.MaxMs,8:0.000}  {string.Join(" ", r.Statuses.Select(s => $"{s.Key}x{s.Value}"))}" +
                              (r.Failures > 0 ? $" failed x{r.Failures}" : ""));
        Console.WriteLine();
        Console.WriteLine($"overhead: p50 +{gateway.Ms(50) - direct.Ms(50):0.000} ms, p99 +{gateway.Ms(99) - direct.Ms(99):0.000} ms, " +
                          $"throughput {gateway.Throughput:0} vs {direct.Throughput:0} req/s ({(gateway.Throughput / direct.Throughput - 1) * 100:+0.0;-0.0}%)");

        var problems = new List<string>();
        foreach (var r in new[] { direct, gateway })
        {
            if (r.Failures > 0) problems.Add($"{r.Target}: {r.Failures} requests failed without an answer");
            if (r.Statuses.Keys.Any(s => s >= 500)) problems.Add($"{r.Target}: server errors");
        }
        if (gateway.Statuses.ContainsKey(429)) problems.Add("gateway: 429s - the per-client rate limit (Limits:RateLimit) was reached; raise it or lower -n/-c");
        if (!direct.Statuses.Keys.SequenceEqual(gateway.Statuses.Keys))
            problems.Add("the two targets answered with different statuses: they did not do the same work");
        foreach (var p in problems) Console.WriteLine("warning: " + p);
        return problems.Count == 0 ? 0 : 1;
    }

    private static async Task<Result> Measure(string target, HttpClient client, Options options, int requests, string[] tokens, bool viaGateway)
    {
        var issued = 0L;
        var failures = 0L;
        var histograms = new LongHistogram[options.Concurrency];
        var statuses = new SortedDictionary<int, long>[options.Concurrency];
        var started = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            var histogram = histograms[worker] = new LongHistogram(60_000_000, 3); // µs, up to 60 s
            var counts = statuses[worker] = new SortedDictionary<int, long>();
            long n;
            while ((n = Interlocked.Increment(ref issued)) <= requests)
            {
                // requests rotate over the clients (tokens), as many agents would send them
                var clientIndex = (int)(n % tokens.Length);
                var token = tokens[clientIndex];
                using var request = new HttpRequestMessage(HttpMethod.Get, options.Path);
                // Services validate the token themselves, so the direct calls carry it too.
                request.Headers.Authorization = new("Bearer", token);
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request);
                    await response.Content.ReadAsByteArrayAsync();
                    histogram.RecordValue(Math.Max(1, Stopwatch.GetElapsedTime(start).Ticks / 10));
                    var status = (int)response.StatusCode;
                    counts[status] = counts.GetValueOrDefault(status) + 1;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = started.Elapsed;

        var total = new LongHistogram(60_000_000, 3);
        foreach (var h in histograms) total.Add(h);
        var merged = new SortedDictionary<int, long>();
        foreach (var (status, count) in statuses.SelectMany(s => s)) merged[status] = merged.GetValueOrDefault(status) + count;
        return new Result(target, total.TotalCount, elapsed, total, merged, failures);
    }

    private static async Task<string[]> DevTokens(HttpClient gateway, Options options)
    {
        // One token per client (--clients, default the concurrency): the gateway's rate limit is per client.
        var tokens = new string[options.Clients];
        for (var i = 0; i < tokens.Length; i++)
        {
            using var response = await gateway.PostAsJsonAsync("/api/auth/dev-token", new { role = options.Role, name = $"bench-{i:00}" });
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode} {text}");
            tokens[i] = JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
        }
        return tokens;
    }

    private static HttpClient Client(Uri address, int concurrency) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            ActivityHeadersPropagator = null,
        })
        { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

    private static Options Parse(string[] args)
    {
        string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;
        var values = new Dictionary<string, string>
        {
            ["--gateway"] = $"http://127.0.0.1:{Env("GATEWAY_PORT", "8080")}",
            ["--direct"] = $"http://127.0.0.1:{Env("INTAKE_PORT", "5101")}",
            ["--path"] = "/api/orders?page=1",
            ["-n"] = "20000",
            ["-c"] = "64",
            ["--warmup"] = "5000",
            ["--role"] = "agent",
            ["--clients"] = "",
        };
        var aliases = new Dictionary<string, string> { ["--requests"] = "-n", ["--concurrency"] = "-c" };
        for (var i = 0; i < args.Length; i++)
        {
            var key = aliases.GetValueOrDefault(args[i], args[i]);
            if (key is "--help" or "-h") throw new ArgumentException("gateway: measures gateway overhead against a running system.");
            if (!values.ContainsKey(key) || i + 1 >= args.Length) throw new ArgumentException($"unknown option or missing value: {args[i]}");
            values[key] = args[++i];
        }
        int Positive(string key) => int.TryParse(values[key], out var v) && v > 0 ? v : throw new ArgumentException($"{key} must be a positive number");
        Uri Url(string key) => Uri.TryCreate(values[key], UriKind.Absolute, out var u) && u.IsLoopback
            ? u : throw new ArgumentException($"{key} must be an http URL on this machine's loopback");
        if (!values["--path"].StartsWith('/')) throw new ArgumentException("--path must start with /");
        return new Options(Url("--gateway"), Url("--direct"), values["--path"], Positive("-n"), Positive("-c"),
            int.TryParse(values["--warmup"], out var w) && w >= 0 ? w : throw new ArgumentException("--warmup must be 0 or more"), values["--role"],
            values["--clients"] == "" ? Positive("-c") : Positive("--clients"));
    }
}
