using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CsCheck;
using Xunit.Abstractions;

namespace PowerMicro.Edge.Tests;

/// <summary>
/// One fuzz run against a seeded system: whatever a client sends through the gateway (valid, mutated, hostile), no
/// answer is a 5xx, every 4xx is problem+json that does not repeat the injected text, a request made invalid by
/// construction is never accepted, and no stored row of any service changes. POWERMICRO_FUZZ_REQUESTS sets the count
/// (a longer run), POWERMICRO_FUZZ_SEED replays one. Prints and writes (bin/fuzz-report-{name}.txt) the counts by
/// status class, status, route and mutation, the state check and the seconds taken.
/// </summary>
public static class FuzzRun
{
    public static int Requests(int byDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("POWERMICRO_FUZZ_REQUESTS"), out var n) && n > 0 ? n : byDefault;

    public static async Task RunAsync(IFuzzTarget system, string name, int requests, ITestOutputHelper output)
    {
        var before = await Settled(system);

        var counts = new ConcurrentDictionary<(string Route, int Status), int>();
        var mutations = new ConcurrentDictionary<string, int>();
        var sent = 0;
        var seed = Environment.GetEnvironmentVariable("POWERMICRO_FUZZ_SEED");
        var clock = Stopwatch.StartNew();
        await FuzzRequests.For(system).SampleAsync(async request =>
        {
            var (status, contentType, body) = await Send(system.Client, request);
            Interlocked.Increment(ref sent);
            counts.AddOrUpdate((request.Route, status), 1, (_, c) => c + 1);
            mutations.AddOrUpdate(request.Mutation, 1, (_, c) => c + 1);

            Assert.True(status < 500, $"{status} for {request}: {body}");
            if (request.Hostile) Assert.True(status is >= 400 and < 500, $"accepted ({status}) {request}: {body}");
            else Assert.True(status == 200, $"{status} for the valid read {request}: {body}");
            if (status >= 400)
            {
                Assert.True(contentType == "application/problem+json", $"{status} as {contentType} for {request}: {body}");
                using var problem = JsonDocument.Parse(body);
                Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
                Assert.DoesNotContain(FuzzRequests.Marker, body);
            }
        }, seed: seed, iter: requests, threads: 4, print: r => r.ToString()[..Math.Min(400, r.ToString().Length)]);
        var seconds = clock.Elapsed.TotalSeconds;

        Assert.True(sent >= requests, $"{sent} requests sent");
        var after = await system.State();
        var changed = after.Where(a => !before.TryGetValue(a.Key, out var b) || b != a.Value).Select(a => a.Key)
            .Concat(before.Keys.Where(b => !after.ContainsKey(b))).ToList();

        var report = new StringBuilder();
        report.AppendLine($"fuzz ({name}): {sent} requests through the gateway in {seconds:0.0} s (seed {seed ?? "random"})");
        report.AppendLine("by status class: " + string.Join(", ", new[] { 2, 3, 4, 5 }
            .Select(c => $"{c}xx×{counts.Where(x => x.Key.Status / 100 == c).Sum(x => x.Value)}")));
        report.AppendLine($"state: {before.Count} tables compared, {changed.Count} changed" + (changed.Count > 0 ? ": " + string.Join(", ", changed) : ""));
        report.AppendLine("by status: " + string.Join(", ", counts.GroupBy(c => c.Key.Status).OrderBy(g => g.Key)
            .Select(g => $"{g.Key}×{g.Sum(x => x.Value)}")));
        foreach (var route in counts.GroupBy(c => c.Key.Route).OrderBy(g => g.Key, StringComparer.Ordinal))
            report.AppendLine($"  {route.Key,-54} " + string.Join(" ", route.OrderBy(c => c.Key.Status)
                .Select(c => $"{c.Key.Status}×{c.Value}")));
        report.AppendLine("by mutation: " + string.Join(", ", mutations.OrderBy(m => m.Key).Select(m => $"{m.Key} {m.Value}")));
        output.WriteLine(report.ToString());
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, $"fuzz-report-{name}.txt"), report.ToString());

        Assert.True(changed.Count == 0, "changed: " + string.Join(", ", changed));
    }

    /// <summary>
    /// The state once the seeded orders' events have run their course through every service (relays, consumers,
    /// order view): every daemon has read its events to the end, and the state is the same in every snapshot over a
    /// 3-second window.
    /// </summary>
    private static async Task<SortedDictionary<string, string>> Settled(IFuzzTarget system)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var last = await system.State();
        var sameSince = DateTime.UtcNow;
        while (DateTime.UtcNow - sameSince < TimeSpan.FromSeconds(3) || !await system.CaughtUp())
        {
            Assert.True(DateTime.UtcNow < deadline, "the seeded system never settled");
            await Task.Delay(250);
            var next = await system.State();
            if (!next.SequenceEqual(last)) (last, sameSince) = (next, DateTime.UtcNow);
        }
        return last;
    }

    /// <summary>A client of the gateway that sends headers as given (UTF-8, no cookies), 16 connections at most.</summary>
    public static HttpClient ClientOf(Uri gateway) =>
        new(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 16, RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        { BaseAddress = gateway };

    private static async Task<(int Status, string? ContentType, string Body)> Send(HttpClient client, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Token is not null) message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + request.Token);
        foreach (var (name, value) in request.Headers) message.Headers.TryAddWithoutValidation(name, value);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        using var response = await client.SendAsync(message);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }
}
