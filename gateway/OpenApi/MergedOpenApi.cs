using System.Text.Json.Nodes;

namespace PowerMicro.Gateway.OpenApi;

/// <summary>
/// GET /openapi/powermicro.json: one OpenAPI document for the whole API, merged from every service's
/// /openapi/v1.json (paths, and components by name; the services already describe the gateway as their server).
/// A service that does not answer is named under x-powermicro-missing, and its paths are absent.
/// </summary>
public static class MergedOpenApi
{
    public const string Path = "/openapi/powermicro.json";

    public static IEndpointRouteBuilder MapMergedOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, async (Downstream downstream, IHttpClientFactory clients, CancellationToken cancellationToken) =>
        {
            var client = clients.CreateClient(Upstreams.DownstreamHealthCheck.HttpClientName);
            var documents = await Task.WhenAll(downstream.Services.OrderBy(s => s.Key, StringComparer.Ordinal).Select(async service =>
            {
                // Any ready instance of the service will do: they serve the same document.
                foreach (var instance in service.Value)
                {
                    try
                    {
                        using var response = await client.GetAsync(new Uri(instance, "/openapi/v1.json"), cancellationToken);
                        if (response.IsSuccessStatusCode
                            && JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) is JsonObject document)
                            return (service.Key, Document: (JsonObject?)document);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                    {
                    }
                }
                return (service.Key, Document: (JsonObject?)null);
            }));
            return Results.Text(Merge(documents).ToJsonString(), "application/json");
        }).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    public static JsonObject Merge(IEnumerable<(string Service, JsonObject? Document)> documents)
    {
        var paths = new JsonObject();
        var components = new JsonObject();
        var missing = new JsonArray();
        JsonNode? servers = null;
        foreach (var (service, document) in documents)
        {
            if (document is null)
            {
                missing.Add(service);
                continue;
            }
            servers ??= document["servers"]?.DeepClone();
            foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
                if (!paths.ContainsKey(path)) paths[path] = item?.DeepClone();
            foreach (var (section, entries) in document["components"]?.AsObject() ?? [])
            {
                if (entries is not JsonObject named) continue;
                var target = components[section] as JsonObject ?? (JsonObject)(components[section] = new JsonObject());
                foreach (var (name, value) in named)
                    if (!target.ContainsKey(name)) target[name] = value?.DeepClone();
            }
        }
        var merged = new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "PowerMicro API",
                ["version"] = "v1",
                ["description"] = "Every service's operations through the gateway; per service: /openapi/{intake,dispatch,complaint,callback}.json.",
            },
            ["servers"] = servers ?? new JsonArray(),
            ["paths"] = paths,
            ["components"] = components,
        };
        if (missing.Count > 0) merged["x-powermicro-missing"] = missing;
        return merged;
    }
}
