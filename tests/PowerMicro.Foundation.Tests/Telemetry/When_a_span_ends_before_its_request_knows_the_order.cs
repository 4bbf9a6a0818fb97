using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Foundation.Tests.Telemetry;

/// <summary>
/// A request learns its order only after a lookup (a callback task's order, an idempotency key's order): the lookup's
/// spans have ended by then, and the exporter still sends them with the order id.
/// </summary>
public sealed class When_a_span_ends_before_its_request_knows_the_order : IDisposable
{
    private readonly ActivitySource _source = new($"test-{Guid.NewGuid():N}");
    private readonly List<Activity> _exported = [];
    private readonly TracerProvider _provider;

    public When_a_span_ends_before_its_request_knows_the_order() =>
        _provider = Sdk.CreateTracerProviderBuilder().AddSource(_source.Name)
            .AddProcessor(new OrderTaggedExportProcessor(new SimpleActivityExportProcessor(new InMemoryExporter<Activity>(_exported))))
            .Build()!;

    public void Dispose()
    {
        _provider.Dispose();
        _source.Dispose();
    }

    private string? OrderOf(string name) => _exported.Single(a => a.DisplayName == name).GetTagItem(PowerMicroActivity.OrderIdTag) as string;

    [Fact]
    public void It_waits_for_its_request_and_is_exported_with_the_order_the_request_learned()
    {
        var order = Guid.NewGuid();
        using (_source.StartActivity("request"))
        {
            using (_source.StartActivity("lookup"))
            using (_source.StartActivity("query")) { }
            Assert.Empty(_exported);
            PowerMicroActivity.TagOrder(order);
        }

        Assert.Equal(["lookup", "query", "request"], _exported.Select(a => a.DisplayName).Order());
        Assert.All(_exported, a => Assert.Equal(order.ToString(), a.GetTagItem(PowerMicroActivity.OrderIdTag)));
    }

    [Fact]
    public void A_span_under_a_tagged_span_leaves_at_once_with_its_order()
    {
        var order = Guid.NewGuid();
        using (_source.StartActivity("request"))
        {
            PowerMicroActivity.TagOrder(order);
            using (_source.StartActivity("query")) { }
            Assert.Equal(order.ToString(), OrderOf("query"));
        }
    }

    [Fact]
    public void A_span_whose_request_never_learns_an_order_leaves_untagged_when_the_request_ends()
    {
        using (_source.StartActivity("request"))
        {
            using (_source.StartActivity("query")) { }
        }

        Assert.Null(OrderOf("query"));
        Assert.Null(OrderOf("request"));
    }

    [Fact]
    public void A_span_whose_parent_is_not_recorded_here_is_not_held_back()
    {
        // Another library's span that this tracer provider does not record (it never sees it end).
        using var foreign = new Activity("started elsewhere") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start();
        using (_source.StartActivity("query")) { }

        Assert.Null(OrderOf("query"));
    }
}
