using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using PowerMicro.Testing;
using Xunit.Abstractions;

namespace PowerMicro.Edge.Tests;

/// <summary>
/// Property: whatever a client sends through the gateway (valid, mutated, hostile), no answer is a 5xx, every 4xx is
/// problem+json that does not repeat the injected text, a request made invalid by construction is never accepted,
/// and no stream or read model of any service changes. At least 10,000 generated requests per run
/// (POWERMICRO_FUZZ_REQUESTS for a longer run, POWERMICRO_FUZZ_SEED to replay one). Prints the counts by route and status.
/// </summary>
public sealed class When_a_hostile_client_fuzzes_the_gateway(EdgeSystem system, ITestOutputHelper output) : IClassFixture<EdgeSystem>
{
    private static int Requests => int.TryParse(Environment.GetEnvironmentVariable("POWERMICRO_FUZZ_REQUESTS"), out var n) && n > 0 ? n : 10_000;

    [Fact]
    public async Task No_request_gets_a_5xx_every_4xx_is_a_problem_and_rejected_requests_change_nothing()
    {
        var before = await Settled();

        var counts = new ConcurrentDictionary<(string Route, int Status), int>();
        var mutations = new ConcurrentDictionary<string, int>();
        var sent = 0;
        var seed = Environment.GetEnvironmentVariable("POWERMICRO_FUZZ_SEED");
        await FuzzRequests.For(system).SampleAsync(async request =>
        {
            var (status, contentType, body) = await Send(request);
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
        }, seed: seed, iter: Requests, threads: 4, print: r => r.ToString()[..Math.Min(400, r.ToString().Length)]);

        Assert.True(sent >= Requests, $"{sent} requests sent");
        var after = await system.State();
        Assert.True(before.SequenceEqual(after), "changed: " + string.Join(", ",
            after.Where(a => !before.TryGetValue(a.Key, out var b) || b != a.Value).Select(a => a.Key)));

        var report = new StringBuilder();
        report.AppendLine($"fuzz: {sent} requests through the gateway (seed {seed ?? "random"})");
        report.AppendLine("by status: " + string.Join(", ", counts.GroupBy(c => c.Key.Status).OrderBy(g => g.Key)
            .Select(g => $"{g.Key}×{g.Sum(x => x.Value)}")));
        foreach (var route in counts.GroupBy(c => c.Key.Route).OrderBy(g => g.Key, StringComparer.Ordinal))
            report.AppendLine($"  {route.Key,-54} " + string.Join(" ", route.OrderBy(c => c.Key.Status)
                .Select(c => $"{c.Key.Status}×{c.Value}")));
        report.AppendLine("by mutation: " + string.Join(", ", mutations.OrderBy(m => m.Key).Select(m => $"{m.Key} {m.Value}")));
        output.WriteLine(report.ToString());
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "fuzz-report.txt"), report.ToString());
    }

    /// <summary>
    /// The state once the seeded orders' events have run their course through every service (relays, consumers,
    /// order view): the same in every snapshot over a 3-second window.
    /// </summary>
    private async Task<SortedDictionary<string, string>> Settled()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var last = await system.State();
        var sameSince = DateTime.UtcNow;
        while (DateTime.UtcNow - sameSince < TimeSpan.FromSeconds(3))
        {
            Assert.True(DateTime.UtcNow < deadline, "the seeded system never settled");
            await Task.Delay(250);
            var next = await system.State();
            if (!next.SequenceEqual(last)) (last, sameSince) = (next, DateTime.UtcNow);
        }
        return last;
    }

    private async Task<(int Status, string? ContentType, string Body)> Send(FuzzRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Token is not null) message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + request.Token);
        foreach (var (name, value) in request.Headers) message.Headers.TryAddWithoutValidation(name, value);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        using var response = await system.Client.SendAsync(message);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }
}
