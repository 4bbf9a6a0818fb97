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

    private readonly Dictionary<string, string[]> tokens = new();
    private long rotation;

    public async Task SignInAsync(string role, int users)
    {
        var list = new string[users];
        for (var i = 0; i < users; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/auth/dev-token", new { role, name = $"bench-{role}-{i:00}" });
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"dev-token {(int)response.StatusCode}: {text}");
            list[i] = JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
        }
        tokens[role] = list;
    }

    /// <summary>One POST; the status and the body. Status 0: no answer (connection failed or timed out).</summary>
    public async Task<(int Status, string Body)> PostAsync(string role, string path, string json)
    {
        var roleTokens = tokens[role];
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
