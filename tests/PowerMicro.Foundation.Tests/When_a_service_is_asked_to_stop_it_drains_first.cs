using System.Net;
using Microsoft.AspNetCore.Builder;
using PowerMicro.ServiceDefaults;
using PowerMicro.Testing;

namespace PowerMicro.Foundation.Tests;

/// <summary>
/// Health:DrainOnStop: asked to stop, a service first answers /health/ready with 503 while it keeps
/// serving, so a gateway's probes take it out of rotation before it stops listening.
/// </summary>
public sealed class When_a_service_is_asked_to_stop_it_drains_first
{
    private static Task<TestWebHost> Start(string? drain) => TestWebHost.StartAsync(
        new Dictionary<string, string?> { ["Health:DrainOnStop"] = drain },
        builder => builder.AddServiceDefaults("drain-probe"),
        app =>
        {
            app.MapDefaultEndpoints();
            app.MapGet("/work", () => "done");
        });

    [Fact]
    public async Task It_reports_not_ready_while_it_still_serves_then_stops()
    {
        await using var host = await Start("00:01:00");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/ready")).StatusCode);

        using var stop = new CancellationTokenSource();
        var stopping = host.App.StopAsync(stop.Token);

        await Eventually.True(async () =>
        {
            using var ready = await host.Client.GetAsync("/health/ready");
            return ready.StatusCode == HttpStatusCode.ServiceUnavailable && (await ready.Content.ReadAsStringAsync()).Contains("draining");
        }, "readiness to turn red once the stop is requested");
        Assert.Equal("done", await host.Client.GetStringAsync("/work"));
        Assert.False(stopping.IsCompleted);

        await stop.CancelAsync(); // ends the drain early: the stop goes on at once
        await stopping;
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_drain()
    {
        await using var host = await Start(null);
        var body = await (await host.Client.GetAsync("/health/ready")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("draining", body);
    }
}
