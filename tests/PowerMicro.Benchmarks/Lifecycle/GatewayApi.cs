using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>
/// The gateway as agents and crews call it: development tokens of many users per role (the gateway limits per
/// user), one pooled HTTP/1.1 client without a connection cap (an open-loop load must not queue in the client).
/// A passing refusal (409 changed concurrently, 429, 503) is retried a few times, as a client would.
/// </summary>
public sealed class GatewayApi(Uri gateway) : IDisposable
{
    private readonly HttpClient client = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
        ActivityHeadersPropagator = null,
        MaxConnectionsPerServer = int.MaxValue,
    })
    { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> tokens = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<string[]>>> crewTokens = new();
    private long rotation;

    public async Task SignInAsync(string role, int users) => tokens[role] = await TokensAsync(role, null, users);

    /// <summary>The role a crew acts in: a crew acts only as its token's crew, so each crew gets tokens of its own.</summary>
    public static string CrewRole(string crew) => "crew:" + crew;

    private async Task<string[]> TokensAsync(string role, string? crew, int users)
    {
        var list = new string[users];
        for (var i = 0; i < users; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/auth/dev-token", new { role, name = $"bench-{crew ?? role}-{i:00}", crew });
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"dev-token {(int)response.StatusCode}: {text}");
            list[i] = JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
        }
        return list;
    }

    private async Task<string[]> RoleTokensAsync(string role)
    {
        if (tokens.TryGetValue(role, out var known)) return known;
        if (!role.StartsWith("crew:", StringComparison.Ordinal)) throw new InvalidOperationException($"No tokens for {role}.");
        var crew = role["crew:".Length..];
        return await crewTokens.GetOrAdd(role, _ => new Lazy<Task<string[]>>(() => TokensAsync("crew", crew, 2))).Value;
    }

    /// <summary>One POST; the status and the body. Status 0: no answer (connection failed or timed out).</summary>
    public async Task<(int Status, string Body)> PostAsync(string role, string path, string json)
    {
        string[] roleTokens;
        try { roleTokens = await RoleTokensAsync(role); }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException) { return (0, ex.Message); }
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", roleTokens[Interlocked.Increment(ref rotation) % roleTokens.Length]);
        try
        {
            using var response = await client.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (0, ex.Message);
        }
    }

    /// <summary>A step of a lifecycle: retried on a passing refusal; recorded per route in the step's recorder.</summary>
    public async Task<bool> StepAsync(StepRecorder recorder, string route, string role, string path, string json)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var (status, _) = await PostAsync(role, path, json);
            recorder.Count(route, status);
            if (status is >= 200 and < 300)
            {
                recorder.RecordStep(route, started, Stopwatch.GetTimestamp());
                return true;
            }
            if (attempt >= 6 || status is not ((int)HttpStatusCode.Conflict or 429 or 503 or 0))
            {
                Interlocked.Increment(ref recorder.Failed);
                return false;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
        }
    }

    public void Dispose() => client.Dispose();
}
