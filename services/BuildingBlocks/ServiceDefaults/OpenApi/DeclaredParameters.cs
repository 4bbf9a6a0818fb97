using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PowerMicro.ServiceDefaults.Input;

namespace PowerMicro.ServiceDefaults.OpenApi;

/// <summary>
/// The query parameters and headers an endpoint reads itself (through <see cref="QueryInput"/> or the request), which
/// minimal-API inference cannot see: declared on the mapping, added to the operation in the OpenAPI document.
/// </summary>
public static class DeclaredParameters
{
    private sealed record Query(IReadOnlyList<QueryParameter> Parameters);

    public static TBuilder WithQuery<TBuilder>(this TBuilder builder, IReadOnlyList<QueryParameter> parameters)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new Query(parameters));

    public static TBuilder WithHeader<TBuilder>(this TBuilder builder, HeaderParameter header)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(header);

    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Parameters ??= [];
        foreach (var parameter in metadata.OfType<Query>().SelectMany(q => q.Parameters))
        {
            if (operation.Parameters.Any(p => p.Name == parameter.Name && p.In == ParameterLocation.Query)) continue;
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name, In = ParameterLocation.Query, Required = false, Description = parameter.Description,
                Schema = Schema(parameter),
            });
        }
        foreach (var header in metadata.OfType<HeaderParameter>())
        {
            if (operation.Parameters.Any(p => p.Name == header.Name && p.In == ParameterLocation.Header)) continue;
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name, In = ParameterLocation.Header, Required = false, Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
            });
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema Schema(QueryParameter parameter) => parameter.Value switch
    {
        QueryValue.Integer => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
        QueryValue.Boolean => new OpenApiSchema { Type = JsonSchemaType.Boolean },
        QueryValue.DateTime => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
        _ => new OpenApiSchema
        {
            Type = JsonSchemaType.String, MaxLength = QueryInput.MaxValueLength,
            Enum = parameter.Allowed is { Count: > 0 } allowed ? [.. allowed.Select(v => (JsonNode)JsonValue.Create(v))] : null,
        },
    };
}
