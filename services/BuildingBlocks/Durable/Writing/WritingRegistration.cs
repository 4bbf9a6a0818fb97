using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PowerMicro.Durable.Writing;

public static class WritingRegistration
{
    /// <summary>The <see cref="AggregateWriter"/> every command of the service goes through.</summary>
    public static IServiceCollection AddAggregateWriter(this IServiceCollection services)
    {
        services.TryAddScoped<AggregateWriter>();
        return services;
    }
}
