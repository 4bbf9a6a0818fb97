using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Trace;
using PowerMicro.ServiceDefaults;
using PowerMicro.ServiceDefaults.Health;
using PowerMicro.ServiceDefaults.Security;
using PowerMicro.Testing;

namespace PowerMicro.Gateway.Tests;

/// <summary>What a stand-in service saw of one request.</summary>
public sealed record Received(
    string Service, string Method, string Path, string Query, long BodyBytes,
    string? User, string? Role, Dictionary<string, string> PowerMicroHeaders, bool HadAuthorization,
    string TraceId, string SpanId);

/// <summary>
/// A service host built like the real ones (AddServiceDefaults + MapDefaultEndpoints, so GatewayOnly and
/// problem details apply) on a real loopback port, answering every /api/** call with what it received:
/// the identity headers and its own server span. Its spans are exported to memory. Its /health/ready
/// follows <see cref="Ready"/>.
/// </summary>
public sealed class ServiceStandIn : IAsyncDisposable
{
    private readonly ReadySwitch _ready;

    private ServiceStandIn(string name, TestWebHost host, List<Activity> spans, ConcurrentQueue<Received> received, ReadySwitch ready)
    {
        Name = name;
        Host = host;
        ExportedSpans = spans;
        Requests = received;
        _ready = ready;
    }

    /// <summary>Whether this stand-in's /health/ready answers 200 (true) or 503 (false).</summary>
    public bool Ready { get => _ready.On; set => _ready.On = value; }

    /// <summary>When true, every /api/** request's connection is cut before an answer, as if the process died.</summary>
    public bool Aborting { get => _ready.Aborting; set => _ready.Aborting = value; }

    private sealed class ReadySwitch { public volatile bool On = true; public volatile bool Aborting; }

    public string Name { get; }
    public TestWebHost Host { get; }
    public Uri Address => Host.Address;
    public List<Activity> ExportedSpans { get; }
    public ConcurrentQueue<Received> Requests { get; }

    public static async Task<ServiceStandIn> StartAsync(string name, bool withOpenApi = true)
    {
        var spans = new List<Activity>();
        var received = new ConcurrentQueue<Received>();
        var ready = new ReadySwitch();
        var host = await TestWebHost.StartAsync(new Dictionary<string, string?>(),
            builder =>
            {
                builder.AddServiceDefaults(name);
                builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
                builder.Services.AddHealthChecks().AddCheck("stand-in",
                    () => ready.On ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("switched off by the test"),
                    [HealthEndpoints.ReadyTag]);
            },
            app =>
            {
                app.MapDefaultEndpoints();
                if (withOpenApi)
                    app.MapGet("/openapi/v1.json", (HttpContext context) => Results.Json(new
                    {
                        openapi = "3.1.1",
                        info = new { title = name },
                        receivedIdentityHeaders = context.Request.Headers.Keys
                            .Where(k => k.StartsWith(CallerIdentity.HeaderPrefix, StringComparison.OrdinalIgnoreCase)).ToArray(),
                    }));
                app.Map("/api/{**rest}", async (HttpContext context) =>
                {
                    long bytes = 0;
                    var buffer = new byte[16 * 1024];
                    int read;
                    while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0) bytes += read;

                    if (int.TryParse(context.Request.Query["delayMs"], out var delay))
                        await Task.Delay(delay, context.RequestAborted);
                    if (context.Request.Query["abort"] == "true" || ready.Aborting)
                    {
                        context.Abort(); // as if the process died with the request in hand
                        return Results.Empty;
                    }

                    var caller = context.Caller();
                    var span = Activity.Current!;
                    var seen = new Received(name, context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "",
                        bytes, caller?.User, caller?.Role,
                        context.Request.Headers.Where(h => h.Key.StartsWith(CallerIdentity.HeaderPrefix, StringComparison.OrdinalIgnoreCase))
                            .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                        context.Request.Headers.ContainsKey("Authorization"),
                        span.TraceId.ToHexString(), span.SpanId.ToHexString());
                    received.Enqueue(seen);
                    return Results.Json(seen);
                });
            });
        return new ServiceStandIn(name, host, spans, received, ready);
    }

    /// <summary>The exported server span with this span id, once the exporter has it.</summary>
    public Task<Activity> ExportedServerSpan(string spanId) => Eventually.Get(() =>
    {
        lock (ExportedSpans)
            return Task.FromResult(ExportedSpans.FirstOrDefault(a => a.Kind == ActivityKind.Server && a.SpanId.ToHexString() == spanId));
    }, $"{Name}'s server span {spanId} to be exported", TimeSpan.FromSeconds(10));

    private int _disposed;

    /// <summary>Stops the stand-in (its port then refuses connections); a second call does nothing.</summary>
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _disposed, 1) == 0 ? Host.DisposeAsync() : ValueTask.CompletedTask;
}
