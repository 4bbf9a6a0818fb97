using Marten;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using PowerMicro.Durable;
using PowerMicro.ServiceDefaults;
using PowerMicro.Durable.EventStore;

namespace PowerMicro.Testing;

/// <summary>
/// A service host built like a PowerMicro service (defaults, event store, durable bus) on a test
/// class's isolated schema and virtual host. Start several on one slice to play several instances.
/// </summary>
public static class DurableTestHost
{
    public const string ServiceName = "probe";

    public static Task<TestWebHost> StartAsync(IsolatedInfrastructure infrastructure,
        Action<IBusRegistrationConfigurator> bus,
        Action<MartenServiceCollectionExtensions.MartenConfigurationExpression>? eventStore = null,
        Action<WebApplicationBuilder>? before = null,
        Action<WebApplication>? map = null,
        IDictionary<string, string?>? configuration = null)
    {
        var settings = infrastructure.Configuration();
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>()) settings[key] = value;
        return TestWebHost.StartAsync(settings,
            builder =>
            {
                before?.Invoke(builder);
                builder.AddServiceDefaults(ServiceName);
                var marten = builder.AddEventStore(ServiceName);
                eventStore?.Invoke(marten);
                builder.AddDurableServiceBus(ServiceName, bus);
            },
            app =>
            {
                app.MapDefaultEndpoints();
                map?.Invoke(app);
            });
    }
}
