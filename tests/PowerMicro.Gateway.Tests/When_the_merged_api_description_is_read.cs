using System.Net;
using System.Text.Json.Nodes;
using PowerMicro.Gateway.OpenApi;

namespace PowerMicro.Gateway.Tests;

public sealed class When_the_merged_api_description_is_read(GatewayWithCallbackDown fixture) : IClassFixture<GatewayWithCallbackDown>
{
    [Fact]
    public async Task It_is_served_without_a_token_and_names_the_services_that_did_not_answer()
    {
        using var response = await fixture.Rig.Client.GetAsync(MergedOpenApi.Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("3.1.1", document["openapi"]!.GetValue<string>());
        Assert.Contains("callback", document["x-powermicro-missing"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public void Paths_and_components_of_every_service_are_merged_once()
    {
        JsonObject Service(string path, string schema) => new()
        {
            ["openapi"] = "3.1.1",
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "http://127.0.0.1:8080" }),
            ["paths"] = new JsonObject { [path] = new JsonObject { ["get"] = new JsonObject { ["operationId"] = "get" + schema } } },
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject { [schema] = new JsonObject { ["type"] = "object" }, ["ProblemDetails"] = new JsonObject { ["type"] = "object" } },
            },
        };
        var merged = MergedOpenApi.Merge([("intake", Service("/api/orders", "OrderPage")), ("dispatch", Service("/api/dispatch/sla", "SlaReport")), ("callback", null)]);

        Assert.Equal(["/api/orders", "/api/dispatch/sla"], merged["paths"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["OrderPage", "ProblemDetails", "SlaReport"], merged["components"]!["schemas"]!.AsObject().Select(s => s.Key).Order());
        Assert.Equal("http://127.0.0.1:8080", merged["servers"]![0]!["url"]!.GetValue<string>());
        Assert.Equal(["callback"], merged["x-powermicro-missing"]!.AsArray().Select(s => s!.GetValue<string>()));
    }
}
