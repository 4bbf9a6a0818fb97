using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace PowerMicro.Durable.Relay;

public static class EventRelayRegistration
{
    /// <summary>
    /// Publishes the integration events that <paramref name="map"/> derives from this service's stored
    /// events. Usage: <c>builder.AddEventStore("intake").AddEventRelay("intake", m =&gt; m.Map&lt;OrderTaken&gt;(...))</c>.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddEventRelay(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten, string source,
        Action<IntegrationEventMap> map)
    {
        var integrationEvents = new IntegrationEventMap(source);
        map(integrationEvents);
        marten.Services.AddSingleton(integrationEvents);
        return marten.AddSubscriptionWithServices<EventRelaySubscription>(ServiceLifetime.Singleton, o =>
        {
            o.Options.BatchSize = 500;
        });
    }
}
