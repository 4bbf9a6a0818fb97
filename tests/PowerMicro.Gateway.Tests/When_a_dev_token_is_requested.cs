using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace PowerMicro.Gateway.Tests;

public sealed class DevTokenGateway : DefaultGateway
{
    protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Auth:DevTokens:Enabled"] = "true",
        ["Auth:DevTokens:Lifetime"] = "02:00:00",
    };
}

public sealed class When_dev_tokens_are_enabled(DevTokenGateway fixture) : IClassFixture<DevTokenGateway>
{
    private GatewayRig Rig => fixture.Rig;

    [Fact]
    public async Task A_token_for_a_role_is_issued_and_opens_that_role_s_routes()
    {
        using var response = await Rig.SendAsync("POST", "/api/auth/dev-token", body: """{"role":"supervisor","name":"me"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = body.RootElement.GetProperty("token").GetString()!;
        Assert.EndsWith("Z", body.RootElement.GetProperty("expiresAt").GetString());
        var expiresAt = body.RootElement.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(1.9), TimeSpan.FromHours(2.01));
        var jwt = new JsonWebToken(token);
        Assert.Equal("HS256", jwt.Alg);
        Assert.Equal("supervisor", jwt.GetClaim("role").Value);

        using var allowed = await Rig.SendAsync("GET", "/api/dispatch/sla", token);
        var seen = await GatewayRig.ReadReceived(allowed);
        Assert.Equal(("me", "supervisor"), (seen.User, seen.Role));

        using var forbidden = await Rig.SendAsync("POST", "/api/orders", token);
        await GatewayRig.ReadProblem(forbidden, 403);
    }

    [Theory]
    [InlineData("""{"role":"admin","name":"me"}""", "role")]
    [InlineData("""{"role":"agent"}""", "name")]
    [InlineData("""{"role":"agent","name":"  "}""", "name")]
    [InlineData("""{"name":"me"}""", "role")]
    public async Task An_unknown_role_or_a_missing_name_is_a_400_with_field_errors(string request, string field)
    {
        using var response = await Rig.SendAsync("POST", "/api/auth/dev-token", body: request);
        var problem = await GatewayRig.ReadProblem(response, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_crew_token_carries_its_crew_and_a_crew_is_required_of_a_crew()
    {
        using var response = await Rig.SendAsync("POST", "/api/auth/dev-token", body: """{"role":"crew","name":"Li","crew":"urban-1"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("urban-1", new JsonWebToken(body.RootElement.GetProperty("token").GetString()!).GetClaim("crew").Value);

        foreach (var (request, field) in new[]
                 {
                     ("""{"role":"crew","name":"Li"}""", "crew"),
                     ("""{"role":"agent","name":"Li","crew":"urban-1"}""", "crew"),
                     ("""{"role":"crew","name":"Li","crew":"Urban 1"}""", "crew"),
                     ("""{"role":"agent","name":"Li","extra":1}""", "extra"),
                 })
        {
            using var refused = await Rig.SendAsync("POST", "/api/auth/dev-token", body: request);
            var problem = await GatewayRig.ReadProblem(refused, 400);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
    }

    [Fact]
    public async Task A_body_without_a_json_content_type_is_415_not_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/dev-token")
        {
            Content = new ByteArrayContent("""{"role":"agent","name":"me"}"""u8.ToArray()),
        };
        using var response = await Rig.Client.SendAsync(request);
        await GatewayRig.ReadProblem(response, 415);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var response = await Rig.SendAsync("POST", "/api/auth/dev-token", body: "{not json");
        await GatewayRig.ReadProblem(response, 400);
    }
}

public sealed class When_dev_tokens_are_not_enabled(DefaultGateway fixture) : IClassFixture<DefaultGateway>
{
    [Fact]
    public async Task The_dev_token_endpoint_is_404_by_default()
    {
        using var response = await fixture.Rig.SendAsync("POST", "/api/auth/dev-token", body: """{"role":"agent","name":"me"}""");
        await GatewayRig.ReadProblem(response, 404);
        Assert.Null(response.Headers.WwwAuthenticate.FirstOrDefault());
    }
}
