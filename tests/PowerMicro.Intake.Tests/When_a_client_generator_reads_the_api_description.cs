using System.Net;
using System.Text.Json;
using PowerMicro.Testing;

namespace PowerMicro.Intake.Tests;

/// <summary>
/// What client generators (openapi-typescript, NSwag) need from the document: the gateway as server, a bearer
/// scheme, an operationId on every operation, the gateway's and the service's common statuses as problem+json,
/// integers as integers and enums for the fixed values.
/// </summary>
public sealed class When_a_client_generator_reads_the_api_description : IClassFixture<IntakeFixture>
{
    private readonly TestWebHost _host;

    public When_a_client_generator_reads_the_api_description(IntakeFixture intake) => _host = intake.Host;

    [Fact]
    public async Task Every_operation_has_an_id_a_security_requirement_and_the_common_statuses()
    {
        var document = await DocumentAsync();
        Assert.Equal("http://127.0.0.1:8080", document.GetProperty("servers")[0].GetProperty("url").GetString());
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(o => (Path: path.Name, Method: o.Name, Operation: o.Value))).ToList();
        Assert.Contains(operations, o => o.Path == "/api/events");
        var ids = new HashSet<string>();
        foreach (var (path, method, operation) in operations)
        {
            Assert.True(operation.TryGetProperty("operationId", out var id), $"{method} {path} has no operationId");
            Assert.True(ids.Add(id.GetString()!), $"operationId {id} repeated");
            Assert.True(operation.TryGetProperty("security", out _), $"{method} {path} has no security requirement");
            var responses = operation.GetProperty("responses");
            foreach (var status in new[] { "401", "403", "429", "503", "504" })
            {
                Assert.True(responses.TryGetProperty(status, out var response), $"{method} {path} does not declare {status}");
                Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _));
            }
            Assert.Equal(operation.TryGetProperty("requestBody", out _), responses.TryGetProperty("413", out _));
        }
    }

    [Fact]
    public async Task Integers_are_integers_and_fixed_values_are_enums()
    {
        var text = (await DocumentAsync()).GetRawText();
        Assert.DoesNotContain("\"pattern\": \"^-?(?:0|[1-9]\\\\d*)$\"", text);
        Assert.DoesNotContain("\"pattern\":\"^-?(?:0|[1-9]\\\\d*)$\"", text);
        var summary = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("OrderSummary").GetProperty("properties");
        Assert.Equal("integer", summary.GetProperty("priority").GetProperty("type").GetString());
        Assert.Contains("repair", summary.GetProperty("kind").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Every_query_parameter_and_the_idempotency_header_are_declared()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        static Dictionary<string, JsonElement> Parameters(JsonElement operation, string location) =>
            operation.TryGetProperty("parameters", out var all)
                ? all.EnumerateArray().Where(p => p.GetProperty("in").GetString() == location).ToDictionary(p => p.GetProperty("name").GetString()!)
                : [];

        var feed = Parameters(paths.GetProperty("/api/events").GetProperty("get"), "query");
        Assert.Equal(["after", "kind", "limit", "type"], feed.Keys.Order());
        Assert.Equal("integer", feed["after"].GetProperty("schema").GetProperty("type").GetString());
        Assert.Contains("complaint", feed["kind"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));

        var list = Parameters(paths.GetProperty("/api/orders").GetProperty("get"), "query");
        Assert.Equal(["accountNo", "from", "kind", "page", "pageSize", "status", "to"], list.Keys.Order());
        Assert.Equal("date-time", list["from"].GetProperty("schema").GetProperty("format").GetString());

        Assert.Contains("Idempotency-Key", Parameters(paths.GetProperty("/api/orders").GetProperty("post"), "header").Keys);
    }

    [Fact]
    public async Task A_query_parameter_the_document_does_not_declare_is_refused()
    {
        using var response = await _host.ClientAs("integrator").GetAsync("/api/events?afterr=5");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("afterr", await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await _host.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }
}
