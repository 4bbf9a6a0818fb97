namespace PowerMicro.Gateway.Upstreams;

/// <summary>Reads the Services section: each service's instance addresses, comma-separated or as a list.</summary>
public static class ServiceAddresses
{
    public static IReadOnlyDictionary<string, IReadOnlyList<Uri>> From(IConfigurationSection section)
    {
        var services = new Dictionary<string, IReadOnlyList<Uri>>();
        foreach (var service in section.GetChildren())
        {
            var values = service.Value is { } single
                ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : service.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0).ToArray();
            if (values.Length == 0) continue;
            services[service.Key.ToLowerInvariant()] = values.Select(v => Parse(service.Key, v)).Distinct().ToArray();
        }
        return services;
    }

    private static Uri Parse(string service, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"Services:{service} holds '{value}', which is not an http(s) address.");
}
