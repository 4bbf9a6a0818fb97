using System.Net;

namespace PowerMicro.Gateway.Tests;

public sealed class When_a_request_passes_the_gateway(DefaultGateway fixture) : IClassFixture<DefaultGateway>
{
    private GatewayRig Rig => fixture.Rig;

    public static TheoryData<string, string> Routes => ContractRoutes.Data();

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_contract_route_reaches_its_service_with_method_path_and_query(string method, string path)
    {
        var route = ContractRoutes.Find(method, path);
        using var response = await Rig.SendAsync(method, path, Tokens.For(route.Roles[0], crew: route.Roles[0] == "crew" ? "urban-1" : null));

        var seen = await GatewayRig.ReadReceived(response);
        Assert.Equal(route.Service, seen.Service);
        Assert.Equal(method, seen.Method);
        Assert.Equal(path, seen.Path + seen.Query);
    }

    [Theory]
    [InlineData("DELETE", "/api/orders/0f8e2c4a-3b1d-4e5f-9a6b-7c8d9e0f1a2b", 405)]
    [InlineData("PUT", "/api/complaints/0f8e2c4a-3b1d-4e5f-9a6b-7c8d9e0f1a2b/reply", 405)]
    [InlineData("GET", "/api/orders/0f8e2c4a-3b1d-4e5f-9a6b-7c8d9e0f1a2b/timeline", 404)]
    [InlineData("GET", "/api/dispatch/crews", 404)]
    [InlineData("GET", "/api/callbacks/0f8e2c4a-3b1d-4e5f-9a6b-7c8d9e0f1a2b", 404)]
    public async Task A_path_or_method_not_in_the_role_table_is_refused_for_every_role_and_reaches_no_service(string method, string path, int status)
    {
        using (var anonymous = await Rig.SendAsync(method, path))
            await GatewayRig.ReadProblem(anonymous, 401);

        foreach (var role in ContractRoutes.Roles)
        {
            using var response = await Rig.SendAsync(method, path, Tokens.For(role, crew: role == "crew" ? "urban-1" : null));
            await GatewayRig.ReadProblem(response, status);
        }
        Assert.DoesNotContain(Rig.Services.Values.SelectMany(s => s.Requests), r => r.Method == method && r.Path == path.TrimEnd('/'));
    }

    [Fact]
    public async Task An_api_path_no_service_serves_is_401_without_a_token_and_404_with_one()
    {
        using (var anonymous = await Rig.SendAsync("GET", "/api/nothing-here"))
            await GatewayRig.ReadProblem(anonymous, 401);
        using var authenticated = await Rig.SendAsync("GET", "/api/nothing-here", Tokens.For("agent"));
        await GatewayRig.ReadProblem(authenticated, 404);
        Assert.Equal(0, Rig.Services.Values.Sum(s => s.Requests.Count(r => r.Path == "/api/nothing-here")));
    }

    [Theory]
    [InlineData("intake")]
    [InlineData("dispatch")]
    [InlineData("complaint")]
    public async Task A_service_openapi_document_is_served_anonymously_under_its_name(string service)
    {
        using var response = await Rig.Client.GetAsync($"/openapi/{service}.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"\"title\":\"{service}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_service_without_an_openapi_document_answers_404_through_the_gateway()
    {
        using var response = await Rig.Client.GetAsync("/openapi/callback.json");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
