using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using PowerMicro.Gateway.Problems;

namespace PowerMicro.Gateway.Console;

/// <summary>
/// GET /api/console/live?watch=/api/callbacks?status=due&amp;watch=… : server-sent events that keep the
/// console's lists live. Every <see cref="ConsoleOptions.LivePollInterval"/> the gateway reads each watched
/// path through itself with the caller's own bearer token, so the path's route, role policy and the services'
/// own rules decide exactly as for a direct call (a crew watching the complaint queue gets 403, nothing more).
/// A "snapshot" event {"path","status","body"} goes out when what a path answers changes; "unauthorized"
/// ends the stream when the token no longer passes.
/// </summary>
public static class LiveUpdates
{
    public const string Path = "/api/console/live";
    public const string HttpClientName = "console-live";
    private const int MaxWatches = 10;
    private const int MaxPathLength = 500;
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static IServiceCollection AddLiveUpdates(this IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        return services;
    }

    public static IEndpointRouteBuilder MapLiveUpdates(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, Stream).RequireAuthorization().DisableRequestTimeout().ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>The paths a stream may watch: GET API paths of the services, never this stream or the token endpoint.</summary>
    public static string? Refuse(IReadOnlyList<string?> watches)
    {
        if (watches.Count is 0 or > MaxWatches) return $"Give 1 to {MaxWatches} watch parameters.";
        foreach (var watch in watches)
        {
            if (string.IsNullOrEmpty(watch) || watch.Length > MaxPathLength)
                return $"Each watch is a path of at most {MaxPathLength} characters.";
            if (!watch.StartsWith("/api/", StringComparison.Ordinal) || watch.StartsWith(Path, StringComparison.OrdinalIgnoreCase)
                || watch.StartsWith("/api/auth/", StringComparison.OrdinalIgnoreCase) || watch.Contains("..", StringComparison.Ordinal)
                || watch.Contains('#') || watch.Contains("//", StringComparison.Ordinal) || watch.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
                || !Uri.IsWellFormedUriString(watch, UriKind.Relative))
                return $"'{watch}' is not an API path this stream can watch.";
        }
        return null;
    }

    private static async Task Stream(HttpContext context, IHttpClientFactory clients, ConsoleOptions options, IServer server,
        IHostApplicationLifetime lifetime)
    {
        // Pacing is about real seconds on the wire, not domain time: the system clock even when a demo accelerates the process clock.
        var clock = TimeProvider.System;
        var watches = context.Request.Query["watch"].Distinct(StringComparer.Ordinal).ToList();
        if (Refuse(watches) is { } refusal)
        {
            await PowerMicro.ServiceDefaults.Problems.ProblemResponses.WriteAsync(context, StatusCodes.Status400BadRequest, "The live stream request is invalid.",
                new Dictionary<string, string[]> { ["watch"] = [refusal] });
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancel = stop.Token;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";

        var client = clients.CreateClient(HttpClientName);
        client.BaseAddress = SelfAddress(options, server);
        var authorization = context.Request.Headers.Authorization.ToString();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var lastWrite = clock.GetUtcNow();

        try
        {
            await Write(context, "retry: 2000\n\n", cancel);
            using var timer = new PeriodicTimer(options.LivePollInterval, clock);
            do
            {
                foreach (var watch in watches)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, watch!);
                    request.Headers.TryAddWithoutValidation("Authorization", authorization);
                    HttpResponseMessage response;
                    try
                    {
                        response = await client.SendAsync(request, cancel);
                    }
                    catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancel.IsCancellationRequested))
                    {
                        continue; // this gateway did not answer itself in time: the next round asks again
                    }
                    using var _ = response;
                    var status = (int)response.StatusCode;
                    if (status == StatusCodes.Status429TooManyRequests) continue; // the caller's own budget: try next round
                    var body = await response.Content.ReadAsStringAsync(cancel);
                    if (status == StatusCodes.Status401Unauthorized)
                    {
                        await Write(context, "event: unauthorized\ndata: {}\n\n", cancel);
                        return;
                    }
                    var fingerprint = $"{status}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}";
                    if (seen.TryGetValue(watch!, out var last) && last == fingerprint) continue;
                    seen[watch!] = fingerprint;
                    await Write(context, $"event: snapshot\ndata: {Snapshot(watch!, status, body)}\n\n", cancel);
                    lastWrite = clock.GetUtcNow();
                }
                if (clock.GetUtcNow() - lastWrite >= KeepAlive)
                {
                    await Write(context, ": keep-alive\n\n", cancel);
                    lastWrite = clock.GetUtcNow();
                }
            } while (await timer.WaitForNextTickAsync(cancel));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // the browser left or the gateway is stopping
        }
    }

    private static string Snapshot(string path, int status, string body)
    {
        JsonElement? json = null;
        try
        {
            if (body.Length > 0) json = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            // not JSON: the status alone tells the console what happened
        }
        return JsonSerializer.Serialize(new { path, status, body = json }); // one line: JSON escapes newlines
    }

    private static async Task Write(HttpContext context, string text, CancellationToken cancel)
    {
        await context.Response.WriteAsync(text, cancel);
        await context.Response.Body.FlushAsync(cancel);
    }

    private static Uri SelfAddress(ConsoleOptions options, IServer server)
    {
        if (options.SelfUrl.Length > 0) return new Uri(options.SelfUrl);
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses
                          .FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                      ?? throw new InvalidOperationException("The gateway listens on no http address; set Console:SelfUrl.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (uri.Host is "0.0.0.0" or "[::]" or "::") uri.Host = "127.0.0.1";
        return uri.Uri;
    }
}
