using System.Diagnostics;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Durable.Scheduling;
using PowerMicro.ServiceDefaults.Telemetry;
using PowerMicro.Testing;

namespace PowerMicro.Durable.Tests.Tracing;

public sealed class When_a_timer_about_an_order_fires(IsolatedInfrastructure infrastructure) : IClassFixture<IsolatedInfrastructure>
{
    [Fact]
    public async Task Scheduled_in_a_request_it_fires_in_that_requests_trace_and_every_span_carries_the_order()
    {
        await using var host = await TracedOrderHost.StartAsync(infrastructure);
        var order = Guid.NewGuid();

        var (requestTrace, _) = await host.SendAsync(HttpMethod.Post, $"/orders/{order}/timer");

        Assert.Equal(requestTrace, (await host.FiredAsync(order)).TraceId);
        var consumed = await Eventually.Get(() => Task.FromResult(host.Spans().InTrace(requestTrace)
            .FirstOrDefault(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer)), "the timer's consume span");
        Assert.Equal(order.ToString(), consumed.GetTagItem(PowerMicroActivity.OrderIdTag));
        Assert.All(host.Spans().InTrace(requestTrace).Where(a => a.Source.Name != "System.Net.Http"),
            span => Assert.Equal(order.ToString(), span.GetTagItem(PowerMicroActivity.OrderIdTag)));
    }

    [Fact]
    public async Task Scheduled_outside_any_trace_it_fires_in_a_trace_of_its_own_linked_to_the_orders_first_trace()
    {
        await using var host = await TracedOrderHost.StartAsync(infrastructure);
        var order = Guid.NewGuid();
        var (firstTrace, _) = await host.SendAsync(HttpMethod.Post, $"/orders/{order}");

        Assert.Null(Activity.Current);
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.PublishSoon(new OrderTimer(order), DateTimeOffset.UtcNow);
            await session.SaveChangesAsync();
        }

        var send = await Eventually.Get(() => Task.FromResult(host.Spans()
            .Matching(a => a.DisplayName == "scheduler send" && Equals(a.GetTagItem(PowerMicroActivity.OrderIdTag), order.ToString())).FirstOrDefault()),
            "the timer's send span");
        Assert.NotEqual(firstTrace, send.TraceId.ToString());
        Assert.Equal(firstTrace, Assert.Single(send.Links).Context.TraceId.ToString());
        Assert.Equal(send.TraceId.ToString(), (await host.FiredAsync(order)).TraceId);
    }
}
