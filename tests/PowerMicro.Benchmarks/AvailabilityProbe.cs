using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PowerMicro.Benchmarks;

/// <summary>
/// Availability through the gateway while an operator restarts or kills processes: for --seconds, -c
/// clients send GETs in turn to intake (agent) and dispatch (crew), --rate per second in all (below the
/// gateway's per-client rate limit), and the command prints how many were answered with each status, and
/// when the non-200 answers came. Bounded by time; against a running system (deploy/run.sh --detach).
/// </summary>
public static class AvailabilityProbe
{
    private static readonly (string Role, string Path)[] Targets =
        [("agent", "/api/orders?pageSize=1"), ("crew", "/api/dispatch/work-orders")];

    public static async Task<int> RunAsync(string[] args)
    {
        var port = Environment.GetEnvironmentVariable("GATEWAY_PORT") is { Length: > 0 } p ? p : "8080";
        var gateway = new Uri($"http://127.0.0.1:{port}");
        int seconds = 30, clients = 2, rate = 40;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds" when i + 1 < args.Length && int.TryParse(args[i + 1], out var s) && s > 0: seconds = s; i++; break;
                case "-c" when i + 1 < args.Length && int.TryParse(args[i + 1], out var c) && c > 0: clients = c; i++; break;
                case "--rate" when i + 1 < args.Length && int.TryParse(args[i + 1], out var r) && r is > 0 and <= 150: rate = r; i++; break;
                case "--gateway" when i + 1 < args.Length: gateway = new Uri(args[++i]); break;
                default:
                    Console.Error.WriteLine("usage: deploy/bench.sh availability [--seconds 30] [-c 2] [--rate 40] [--gateway http://127.0.0.1:8080]");
                    return 2;
            }
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, ActivityHeadersPropagator = null })
            { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        var tokens = new Dictionary<string, string>();
        foreach (var role in Targets.Select(t => t.Role).Distinct())
        {
            using var response = await http.PostAsJsonAsync("/api/auth/dev-token", new { role, name = "availability-" + role });
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"bench: no development token from {gateway} ({(int)response.StatusCode}); start the system with deploy/run.sh --detach");
                return 1;
            }
            tokens[role] = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        }

        Console.WriteLine($"availability: {clients} client(s) sending {rate} GETs/s to intake and dispatch through {gateway} for {seconds} s");
        var statuses = new ConcurrentDictionary<string, long>();
        var notOk = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            using var pace = new PeriodicTimer(TimeSpan.FromSeconds((double)clients / rate));
            for (var n = client; clock.Elapsed < until && await pace.WaitForNextTickAsync(); n++)
            {
                var (role, path) = Targets[n % Targets.Length];
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[role]);
                string status;
                try
                {
                    using var response = await http.SendAsync(request);
                    status = ((int)response.StatusCode).ToString();
                    if (!response.IsSuccessStatusCode)
                        status += response.Headers.RetryAfter is { } retry ? $" (Retry-After {retry.Delta?.TotalSeconds})" : "";
                }
                catch (HttpRequestException e) { status = "no answer: " + e.Message; }
                statuses.AddOrUpdate(status, 1, (_, v) => v + 1);
                if (status != "200") notOk.Enqueue($"  {clock.Elapsed.TotalSeconds,7:0.00} s  {path}  {status}");
            }
        }));

        foreach (var line in notOk.Take(50)) Console.WriteLine(line);
        Console.WriteLine($"answers: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} x {s.Key}"))}");
        return statuses.Keys.All(k => k == "200") ? 0 : 1;
    }
}
