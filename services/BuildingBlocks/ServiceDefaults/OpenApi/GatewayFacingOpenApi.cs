using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace PowerMicro.ServiceDefaults.OpenApi;

/// <summary>
/// Makes every service's OpenAPI document describe the API as clients reach it, so generators (openapi-typescript,
/// NSwag, openapi-generator) give good clients: the gateway as the only server (Gateway:PublicUrl, default the local
/// run's), a bearer security scheme on every /api operation, the statuses the gateway and the service answer to any
/// request (401, 403, 413 with a body, 429, 503, 504) as problem+json, an operationId on every operation, integers
/// typed as integers, and enums for the fields whose values are fixed (the service names them: <see cref="OpenApiEnums"/>).
/// Added for every named document by <see cref="Register"/>; endpoints' own metadata wins where it says more.
/// </summary>
public static class GatewayFacingOpenApi
{
    public const string SchemeName = "bearer";
    public const string ProblemSchema = "ProblemDetails";

    private static readonly (string Status, string Description, bool BodyOnly)[] CommonStatuses =
    [
        ("401", "No token, or a bad one (expired, wrong signature, audience or issuer).", false),
        ("403", "The token's role may not use this route.", false),
        ("413", "The request body is larger than the gateway allows.", true),
        ("429", "Too many requests from this client; wait for Retry-After.", false),
        ("503", "A dependency (PostgreSQL) is down; retry after Retry-After.", false),
        ("504", "The request took longer than the gateway's timeout.", false),
    ];

    public static IServiceCollection Register(IServiceCollection services, IConfiguration configuration) =>
        services.ConfigureAll<OpenApiOptions>(options =>
        {
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String)
                    && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
                {
                    schema.Type = type & ~JsonSchemaType.String;
                    schema.Pattern = null;
                }
                if (context.JsonPropertyInfo is { } property
                    && context.ApplicationServices.GetRequiredService<IOptions<OpenApiEnums>>().Value.ByProperty.TryGetValue(property.Name, out var values)
                    && schema.Type is { } t && t == JsonSchemaType.String && schema.Enum is not { Count: > 0 })
                    schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DeclaredParameters.Describe);
            options.AddDocumentTransformer((document, _, _) =>
            {
                Apply(document, configuration["Gateway:PublicUrl"] ?? "http://127.0.0.1:8080");
                return Task.CompletedTask;
            });
        });

    public static void Apply(OpenApiDocument document, string gatewayUrl)
    {
        document.Servers = [new OpenApiServer { Url = gatewayUrl, Description = "The gateway: the only way in." }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
            Description = "A JWT whose role claim is agent, crew, supervisor or integrator (local runs: POST /api/auth/dev-token).",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(ProblemSchema, Problem());

        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/api/", StringComparison.Ordinal) || item.Operations is null) continue;
            foreach (var (method, operation) in item.Operations)
            {
                operation.OperationId ??= OperationId(method, path);
                operation.Security ??= [];
                if (operation.Security.Count == 0)
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
                operation.Responses ??= new OpenApiResponses();
                foreach (var (status, description, bodyOnly) in CommonStatuses)
                {
                    if (bodyOnly && operation.RequestBody is null) continue;
                    operation.Responses.TryAdd(status, new OpenApiResponse
                    {
                        Description = description,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
                        },
                    });
                }
            }
        }
    }

    /// <summary>GET /api/dispatch/work-orders/{orderId} → getDispatchWorkOrdersByOrderId.</summary>
    public static string OperationId(HttpMethod method, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(p => p.StartsWith('{') ? "By" + Pascal(p.Trim('{', '}').Split(':')[0]) : Pascal(p));
        return method.Method.ToLowerInvariant() + string.Concat(parts);
    }

    private static string Pascal(string segment) =>
        string.Concat(segment.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details; validation failures carry field errors under errors.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
        },
    };
}
