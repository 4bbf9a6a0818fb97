using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Messaging;
using PowerMicro.ServiceDefaults;
using PowerMicro.ServiceDefaults.Clock;
using PowerMicro.Testing;

namespace PowerMicro.Foundation.Tests.Clock;

/// <summary>
/// Clock:Speed and Clock:Epoch (deploy/run.sh's demo clock, the end-to-end tests' fast clock) make every service's
/// TimeProvider run faster, whatever else registered the system clock first (authentication does).
/// </summary>
public sealed class When_a_process_runs_on_the_demo_clock : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_a_process_runs_on_the_demo_clock(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    [Fact]
    public async Task Its_time_provider_is_the_accelerated_clock_from_the_shared_epoch()
    {
        var settings = _infrastructure.Configuration();
        var epoch = DateTimeOffset.UtcNow.AddMinutes(-1);
        settings["Clock:Speed"] = "600";
        settings["Clock:Epoch"] = epoch.ToString("O");
        await using var host = await TestWebHost.StartAsync(settings, b =>
        {
            b.AddServiceDefaults("clock-probe");
            b.AddEventStore("clock");
            b.AddServiceBus("clock");
        }, app => app.MapDefaultEndpoints());

        var clock = Assert.IsType<AcceleratedTimeProvider>(host.Services.GetRequiredService<TimeProvider>());
        Assert.Equal(600, clock.Speed);
        // A minute of real time since the epoch is ten hours on this clock.
        Assert.True(clock.GetUtcNow() - epoch >= TimeSpan.FromHours(10), $"{clock.GetUtcNow():O} is not ten hours past {epoch:O}");
    }
}
