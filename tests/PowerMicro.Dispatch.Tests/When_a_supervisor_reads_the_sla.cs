using System.Net.Http.Json;
using PowerMicro.Contracts;
using PowerMicro.Dispatch.Sla;
using PowerMicro.Testing;

namespace PowerMicro.Dispatch.Tests;

public sealed class When_a_supervisor_reads_the_sla(IsolatedInfrastructure infrastructure) : IClassFixture<IsolatedInfrastructure>
{
    [Fact]
    public async Task On_time_rates_by_area_and_the_breaches_are_shown()
    {
        var clock = DispatchRig.NewClock();
        var start = clock.GetUtcNow();
        await using var subscriber = await DispatchRig.StartSubscriber(infrastructure);
        await using var dispatch = await DispatchRig.StartDispatch(infrastructure, clock);
        var urbanOnTime = DispatchRig.Repair(clock.GetUtcNow(), "urban");
        var urbanLate = DispatchRig.Repair(clock.GetUtcNow(), "urban");
        var ruralOnTime = DispatchRig.Repair(clock.GetUtcNow(), "rural");
        foreach (var repair in new[] { urbanOnTime, urbanLate, ruralOnTime })
        {
            await subscriber.Publish(repair);
            await subscriber.EventuallyOne<OrderDispatched>(repair.OrderId);
        }

        clock.Advance(TimeSpan.FromMinutes(30));
        (await dispatch.Arrive(urbanOnTime.OrderId, "urban-1")).EnsureSuccessStatusCode();
        (await dispatch.Arrive(ruralOnTime.OrderId, "rural-1")).EnsureSuccessStatusCode();
        clock.Advance(TimeSpan.FromMinutes(30));
        await subscriber.EventuallyOne<SlaBreached>(urbanLate.OrderId);
        (await dispatch.Arrive(urbanLate.OrderId, "urban-1")).EnsureSuccessStatusCode();
        (await dispatch.Complete(urbanOnTime.OrderId)).EnsureSuccessStatusCode();

        var from = Uri.EscapeDataString(start.ToString("O"));
        var to = Uri.EscapeDataString(start.AddHours(1).ToString("O"));
        var report = (await dispatch.Client.GetFromJsonAsync<SlaReport>($"/api/dispatch/sla?from={from}&to={to}", DispatchRig.Json))!;

        var urban = report.Areas.Single(a => a.Area == "urban").Arrival;
        Assert.Equal((2, 1, 1, 0.5), (urban.Due, urban.OnTime, urban.Breached, urban.OnTimeRate!.Value));
        var rural = report.Areas.Single(a => a.Area == "rural").Arrival;
        Assert.Equal((0, 0), (rural.Due, rural.Breached)); // the rural promise (90 min) falls due after this window
        var breach = Assert.Single(report.Breaches);
        Assert.Equal((urbanLate.OrderId, "arrival", "urban"), (breach.OrderId, breach.Deadline, breach.Area));
        Assert.NotNull(breach.MetAt);

        var wide = (await dispatch.Client.GetFromJsonAsync<SlaReport>(
            $"/api/dispatch/sla?from={from}&to={Uri.EscapeDataString(start.AddHours(5).ToString("O"))}", DispatchRig.Json))!;
        Assert.Equal((1, 1, 1.0), (wide.Areas.Single(a => a.Area == "rural").Arrival.Due, wide.Areas.Single(a => a.Area == "rural").Arrival.OnTime,
            wide.Areas.Single(a => a.Area == "rural").Arrival.OnTimeRate!.Value));
        Assert.Equal((3, 1), (wide.Restoration.Due, wide.Restoration.OnTime)); // one restored, two still running
        Assert.Equal(2.0 / 3, wide.Arrival.OnTimeRate!.Value, 3);
    }
}
