using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PowerMicro.Durable.Writing;

namespace PowerMicro.Durable.Deadlines;

public static class DeadlineRegistration
{
    /// <summary>
    /// The service's deadlines: their limits (<see cref="DeadlineLimits"/>, defaults given here), the queue their
    /// timers go to, and their timers joining each write's session.
    /// </summary>
    public static IHostApplicationBuilder AddDeadlines(this IHostApplicationBuilder builder, string serviceName,
        IReadOnlyDictionary<string, TimeSpan> defaults, string? legacySection = null)
    {
        var queue = new DeadlineQueue(serviceName);
        builder.Services.AddSingleton(queue);
        builder.Services.AddSingleton<ISessionEffects>(queue);
        builder.Services.AddSingleton(new DeadlineLimits(defaults, builder.Configuration, legacySection));
        builder.Services.AddAggregateWriter();
        return builder;
    }

    /// <summary>The consumer of the service's deadline queue, deciding with <typeparamref name="TState"/>.</summary>
    public static void AddDeadlineConsumer<TState>(this IBusRegistrationConfigurator bus, string serviceName)
        where TState : class, IDeadlineOwner<TState> =>
        bus.AddConsumer<DeadlineDueConsumer<TState>>().Endpoint(e => e.Name = new DeadlineQueue(serviceName).Name);
}
