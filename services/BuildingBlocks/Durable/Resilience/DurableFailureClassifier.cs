using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PowerMicro.ServiceDefaults.Problems;

namespace PowerMicro.Durable.Resilience;

/// <summary>Tells the web defaults' problem handler which PostgreSQL, Marten and RabbitMQ failures pass (→ 503, 409).</summary>
public sealed class DurableFailureClassifier : IPassingFailureClassifier
{
    public bool IsUnavailable(Exception exception) => PassingFailures.IsUnavailable(exception);

    public bool IsConflict(Exception exception) => PassingFailures.IsConflict(exception);

    public static void Register(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPassingFailureClassifier, DurableFailureClassifier>());
}
