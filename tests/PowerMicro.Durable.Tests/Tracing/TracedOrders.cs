using System.Collections.Concurrent;
using System.Diagnostics;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Relay;
using PowerMicro.Durable.Scheduling;
using PowerMicro.Durable.Tracing;
using PowerMicro.ServiceDefaults.Telemetry;
using PowerMicro.Testing;

namespace PowerMicro.Durable.Tests.Tracing;

/// <summary>A timer about an order, as the services schedule them (deadline timers, callback attempts).</summary>
public sealed record OrderTimer(Guid OrderId);

public sealed record FiredTimer(Guid OrderId, string? TraceId);

public sealed class FiredTimers
{
    public ConcurrentQueue<FiredTimer> All { get; } = new();
}

public sealed class OrderTimerConsumer(FiredTimers fired) : IConsumer<OrderTimer>
{
    public Task Consume(ConsumeContext<OrderTimer> context)
    {
        fired.All.Enqueue(new FiredTimer(context.Message.OrderId, Activity.Current?.TraceId.ToString()));
        return Task.CompletedTask;
    }
}

/// <summary>
/// A service that takes orders in (remembering the first trace, as intake does), reads them, and schedules timers about
/// them from a request or from outside any trace; it exports its spans to <see cref="ExportedSpans"/>.
/// </summary>
public static class TracedOrderHost
{
    public static Task<TestWebHost> StartAsync(IsolatedInfrastructure infrastructure) =>
        DurableTestHost.StartAsync(infrastructure,
            x => x.AddConsumer<OrderTimerConsumer>().Endpoint(e => e.Name = "order-timers"),
            before: b =>
            {
                b.Services.AddSingleton<FiredTimers>();
                ExportedSpans.AddTo(b.Services);
            },
            map: app =>
            {
                app.MapPost("/orders/{orderId:guid}", async (Guid orderId, IDocumentStore store) =>
                {
                    PowerMicroActivity.TagOrder(orderId);
                    await using var session = await store.OpenTracedSessionAsync();
                    OrderFirstTrace.RememberIn(session, orderId);
                    await session.SaveChangesAsync();
                    return Results.Ok(Activity.Current!.TraceId.ToString());
                });
                app.MapGet("/orders/{orderId:guid}", (Guid orderId) =>
                {
                    PowerMicroActivity.TagOrder(orderId);
                    return Results.Ok(Activity.Current!.TraceId.ToString());
                });
                app.MapPost("/orders/{orderId:guid}/timer", async (Guid orderId, IDocumentStore store, TimeProvider clock) =>
                {
                    PowerMicroActivity.TagOrder(orderId);
                    await using var session = await store.OpenTracedSessionAsync();
                    session.PublishSoon(new OrderTimer(orderId), clock.GetUtcNow());
                    await session.SaveChangesAsync();
                    return Results.Ok(Activity.Current!.TraceId.ToString());
                });
            });

    public static ExportedSpans Spans(this TestWebHost host) => host.Services.GetRequiredService<ExportedSpans>();
    public static FiredTimers Timers(this TestWebHost host) => host.Services.GetRequiredService<FiredTimers>();

    public static Task<FiredTimer> FiredAsync(this TestWebHost host, Guid orderId) =>
        Eventually.Get(() => Task.FromResult(host.Timers().All.FirstOrDefault(t => t.OrderId == orderId)), "the order's timer");

    /// <summary>A request's trace id (the body) and the order its answer names.</summary>
    public static async Task<(string TraceId, string? OrderHeader)> SendAsync(this TestWebHost host, HttpMethod method, string path)
    {
        using var response = await host.Client.SendAsync(new HttpRequestMessage(method, path));
        response.EnsureSuccessStatusCode();
        var header = response.Headers.TryGetValues(PowerMicroActivity.OrderIdHeader, out var values) ? values.Single() : null;
        return ((await response.Content.ReadAsStringAsync()).Trim('"'), header);
    }

    /// <summary>The service's exported server span of a request's trace.</summary>
    public static Task<Activity> ServerSpanAsync(this TestWebHost host, string traceId) =>
        Eventually.Get(() => Task.FromResult(host.Spans().InTrace(traceId).FirstOrDefault(a => a.Kind == ActivityKind.Server)),
            $"the server span of trace {traceId}");
}
