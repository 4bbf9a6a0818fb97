using PowerMicro.EndToEnd.Tests.Rig;
using PowerMicro.Testing;
using Xunit.Abstractions;

namespace PowerMicro.EndToEnd.Tests.Tracing;

/// <summary>
/// One trace per order (issue 15, item 4), read the way ops read Jaeger: one repair's life through every service,
/// found by the order's first trace id (X-Trace-Id, the order's traceId) plus the traces that link to it; every
/// span carries powermicro.order_id; every later request on the order starts its own trace linked to the first.
/// </summary>
public sealed class When_a_repair_is_traced(OneInstanceOfEach system, ITestOutputHelper output) : IClassFixture<OneInstanceOfEach>
{
    private const string OrderIdTag = "powermicro.order_id";

    // See the README, "Following an order in Jaeger", for what this measured last.
    [Fact]
    public async Task Its_spans_in_every_service_are_found_by_its_first_trace_and_links_and_all_carry_the_order_id()
    {
        var scenario = new Scenario(system, output, "one traced repair");
        var api = system.Api;
        var order = await scenario.TakeAsync("repair", "line-damage");
        await api.RepairAsync(order);
        var callback = await api.DueCallbackAsync(order);
        await api.AttemptAsync(callback, "satisfied");
        await api.ClosedAsync(order);
        var firstTrace = (await api.OrderAsync(order))!.Value.GetProperty("traceId").GetString()!;
        var id = order.ToString();

        // Exported spans arrive in batches: wait until the last step (intake recording the close) is in and nothing more comes.
        var previous = -1;
        await Eventually.True(async () =>
        {
            var count = system.Traces.Spans.Count(s => s.TraceId == firstTrace || s.Attribute(OrderIdTag) == id);
            var settled = count == previous && system.Traces.Spans.Any(s => s.Attribute(OrderIdTag) == id && s.Service.StartsWith("intake")
                                                                             && (s.Name.Contains("OrderClosed") || s.Attributes.Values.Any(v => v.Contains("OrderClosed"))));
            previous = count;
            await Task.Delay(TimeSpan.FromSeconds(1));
            return settled;
        }, "the repair's spans exported", TimeSpan.FromSeconds(60));

        var spans = system.Traces.Spans.ToList();
        var linked = spans.Where(s => s.Links.Any(l => l.TraceId == firstTrace)).Select(s => s.TraceId).ToHashSet();
        var found = spans.Where(s => s.TraceId == firstTrace || linked.Contains(s.TraceId)).ToList();
        var tagged = found.Count(s => s.Attribute(OrderIdTag) == id);
        var lost = spans.Where(s => s.Attribute(OrderIdTag) == id && s.TraceId != firstTrace && !linked.Contains(s.TraceId)).ToList();
        var services = found.Select(s => s.Service).Distinct().Order().ToList();
        // arrive, complete (paths with the order id) and the callback attempt (with the callback id), as the gateway received them
        var laterRequests = spans.Where(s => s.Service == "gateway" && s.ParentSpanId is null && s.Attribute("http.request.method") == "POST"
                                             && (s.Attribute("url.path") ?? "") is var path && (path.Contains(id) || path.Contains(callback.ToString()))).ToList();

        output.WriteLine($"order {order}: first trace {firstTrace} ({found.Count(s => s.TraceId == firstTrace)} spans), {linked.Count} linked traces; {found.Count} spans found by trace and links, " +
                         $"{tagged} ({100.0 * tagged / Math.Max(1, found.Count):0.0}%) carry {OrderIdTag}; services {string.Join(", ", services)}; " +
                         $"{lost.Count} spans tagged with the order outside them; later requests {laterRequests.Count}, linked {laterRequests.Count(r => linked.Contains(r.TraceId))}");
        foreach (var group in found.Where(s => s.Attribute(OrderIdTag) != id).GroupBy(s => (s.Service, s.Name)).OrderByDescending(g => g.Count()).Take(15))
            output.WriteLine($"  without the order id: {group.Key.Service} '{group.Key.Name}' ×{group.Count()}");
        foreach (var group in lost.GroupBy(s => (s.Service, s.Name)).Take(15))
            output.WriteLine($"  not found by trace or link: {group.Key.Service} '{group.Key.Name}' ×{group.Count()}");

        Assert.Superset(new HashSet<string> { "gateway", "intake", "dispatch", "callback" }, services.ToHashSet());
        Assert.Equal(found.Count, tagged);
        Assert.Empty(lost);
        Assert.Equal(3, laterRequests.Count);
        Assert.All(laterRequests, r => Assert.NotEqual(firstTrace, r.TraceId));
        Assert.All(laterRequests, r => Assert.Contains(r.TraceId, linked));
        await scenario.EndAsync();
    }
}
