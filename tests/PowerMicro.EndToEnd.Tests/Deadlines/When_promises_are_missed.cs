using System.Text.Json;
using PowerMicro.EndToEnd.Tests.Rig;
using Xunit.Abstractions;

namespace PowerMicro.EndToEnd.Tests.Deadlines;

/// <summary>
/// Every kind of deadline missed, time moved by the fast clock, against two instances of every service: each
/// missed deadline is breached exactly once (two schedulers, two consumers of each timer), and the late orders
/// still run their course to closed.
/// </summary>
public sealed class When_promises_are_missed(TwoInstancesOnAFastClock system, ITestOutputHelper output)
    : IClassFixture<TwoInstancesOnAFastClock>
{
    private Api Api => system.Api;

    private Task<JsonElement> BreachedAsync(Guid orderId, string deadline) =>
        Api.OrderWhenAsync(orderId, o => Scenario.Steps(o, "SlaBreached").Contains(deadline), $"{deadline} breached");

    private static void BreachedOnceEach(JsonElement order, params string[] deadlines)
    {
        var breaches = Scenario.Steps(order, "SlaBreached");
        Assert.Equal(deadlines.Order(), breaches.Order()!);
        Assert.All(order.GetProperty("deadlines").EnumerateArray().Where(d => deadlines.Contains(d.GetProperty("name").GetString())),
            d => Assert.True(d.GetProperty("breached").GetBoolean(), d.ToString()));
    }

    /// <summary>Both at once on the class's system (each takes about half a minute of waiting on the clock).</summary>
    [Fact]
    public async Task Every_missed_deadline_is_breached_exactly_once_and_the_late_orders_still_close() =>
        await Task.WhenAll(Late_repair_breaches_arrival_restoration_and_callback_once_each_and_still_closes(),
            A_neglected_complaint_and_report_breach_contact_reply_and_callback_once_each_and_are_supervised());

    private async Task Late_repair_breaches_arrival_restoration_and_callback_once_each_and_still_closes()
    {
        var scenario = new Scenario(system, output, "late repairs");
        var orders = await Task.WhenAll(new[] { "urban", "rural" }.Select(async area =>
        {
            var order = await scenario.TakeAsync("repair", "no-power", area);
            var crew = await Api.DispatchedCrewAsync(order);
            await BreachedAsync(order, "arrival");
            await Api.ArriveAsync(order, crew);
            await BreachedAsync(order, "restoration");
            await Api.CompleteAsync(order, crew);
            await BreachedAsync(order, "callback");
            return await Api.CallBackAndCloseAsync(order);
        }));

        foreach (var order in orders) BreachedOnceEach(order, "arrival", "restoration", "callback");
        Assert.Equal(6, (await scenario.EndAsync()).Breaches);
    }

    private async Task A_neglected_complaint_and_report_breach_contact_reply_and_callback_once_each_and_are_supervised()
    {
        var scenario = new Scenario(system, output, "a neglected complaint and report");
        var orders = await Task.WhenAll(new[] { ("complaint", "outage"), ("report", "misconduct") }.Select(async o =>
        {
            var order = await scenario.TakeAsync(o.Item1, o.Item2);
            await BreachedAsync(order, "contact");
            await BreachedAsync(order, "reply");
            await Api.ContactAsync(order);
            await Api.ReplyAsync(order);
            Assert.True((await Api.CaseWhenAsync(order, "replied")).GetProperty("supervised").GetBoolean());
            await BreachedAsync(order, "callback");
            return await Api.CallBackAndCloseAsync(order);
        }));

        foreach (var order in orders)
        {
            BreachedOnceEach(order, "contact", "reply", "callback");
            Assert.True(order.GetProperty("supervised").GetBoolean());
        }
        Assert.Equal(6, (await scenario.EndAsync()).Breaches);
    }
}
