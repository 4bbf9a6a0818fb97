using System.Diagnostics;
using PowerMicro.ServiceDefaults.Telemetry;
using PowerMicro.Testing;

namespace PowerMicro.Durable.Tests.Tracing;

public sealed class When_a_later_request_names_an_order(IsolatedInfrastructure infrastructure) : IClassFixture<IsolatedInfrastructure>
{
    [Fact]
    public async Task It_starts_its_own_trace_linked_to_the_trace_that_took_the_order_in()
    {
        await using var host = await TracedOrderHost.StartAsync(infrastructure);
        var order = Guid.NewGuid();

        var (firstTrace, _) = await host.SendAsync(HttpMethod.Post, $"/orders/{order}");
        var (laterTrace, _) = await host.SendAsync(HttpMethod.Get, $"/orders/{order}");

        Assert.NotEqual(firstTrace, laterTrace);
        var later = await host.ServerSpanAsync(laterTrace);
        Assert.Equal(firstTrace, Assert.Single(later.Links).Context.TraceId.ToString());
        Assert.Equal(order.ToString(), later.GetTagItem(PowerMicroActivity.OrderIdTag));
        // The link's lookup runs inside the request: its database spans carry the order too.
        Assert.All(host.Spans().InTrace(laterTrace).Where(a => a.Source.Name != "System.Net.Http"),
            span => Assert.Equal(order.ToString(), span.GetTagItem(PowerMicroActivity.OrderIdTag)));
    }

    [Fact]
    public async Task Its_answer_names_the_order_so_the_callers_spans_carry_it_too()
    {
        await using var host = await TracedOrderHost.StartAsync(infrastructure);
        var order = Guid.NewGuid();

        var (_, taken) = await host.SendAsync(HttpMethod.Post, $"/orders/{order}");
        var (_, read) = await host.SendAsync(HttpMethod.Get, $"/orders/{order}");

        Assert.Equal(order.ToString(), taken);
        Assert.Equal(order.ToString(), read);
    }

    [Fact]
    public async Task The_request_that_took_the_order_in_links_to_nothing_and_an_order_never_taken_in_has_no_link()
    {
        await using var host = await TracedOrderHost.StartAsync(infrastructure);
        var order = Guid.NewGuid();

        var (firstTrace, _) = await host.SendAsync(HttpMethod.Post, $"/orders/{order}");
        var (unknownTrace, _) = await host.SendAsync(HttpMethod.Get, $"/orders/{Guid.NewGuid()}");

        Assert.Empty((await host.ServerSpanAsync(firstTrace)).Links);
        Assert.Empty((await host.ServerSpanAsync(unknownTrace)).Links);
    }
}
