using Microsoft.Extensions.DependencyInjection;

namespace PowerMicro.ServiceDefaults.OpenApi;

/// <summary>
/// The fields whose values are fixed, by JSON property name, documented as enums in the service's OpenAPI document.
/// The web defaults know no domain: each service adds its own (<see cref="OpenApiEnumsExtensions.AddOpenApiEnums"/>).
/// </summary>
public sealed class OpenApiEnums
{
    public Dictionary<string, string[]> ByProperty { get; } = new();
}

public static class OpenApiEnumsExtensions
{
    public static IServiceCollection AddOpenApiEnums(this IServiceCollection services, IReadOnlyDictionary<string, string[]> values) =>
        services.Configure<OpenApiEnums>(enums =>
        {
            foreach (var (property, allowed) in values) enums.ByProperty[property] = allowed;
        });
}
