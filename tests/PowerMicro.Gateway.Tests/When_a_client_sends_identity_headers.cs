namespace PowerMicro.Gateway.Tests;

public sealed class When_a_client_sends_identity_headers(DefaultGateway fixture) : IClassFixture<DefaultGateway>
{
    private GatewayRig Rig => fixture.Rig;

    [Fact]
    public async Task Forged_identity_headers_are_stripped_and_the_service_reads_the_caller_from_the_token()
    {
        using var request = Rig.Request("GET", "/api/orders/0f8e2c4a-3b1d-4e5f-9a6b-7c8d9e0f1a2b", Tokens.For("crew", "王 丽", crew: "urban-1"));
        request.Headers.Add("X-PowerMicro-User", "mallory");
        request.Headers.Add("X-PowerMicro-Role", "supervisor");
        request.Headers.Add("x-powermicro-tenant", "other");
        request.Headers.Add("X-PowerMicro-Anything-Else", "forged");

        using var response = await Rig.Client.SendAsync(request);
        var seen = await GatewayRig.ReadReceived(response);

        Assert.Equal("王 丽", seen.User);
        Assert.Equal("crew", seen.Role);
        Assert.Empty(seen.PowerMicroHeaders);
        Assert.True(seen.HadAuthorization, "the caller's token goes on, for the service to validate");
    }

    [Fact]
    public async Task An_anonymous_route_passes_no_identity_even_when_the_client_sends_one()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/intake.json");
        request.Headers.Add("X-PowerMicro-User", "mallory");
        request.Headers.Add("X-PowerMicro-Role", "supervisor");
        using var response = await Rig.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, document.RootElement.GetProperty("receivedIdentityHeaders").GetArrayLength());
    }
}
