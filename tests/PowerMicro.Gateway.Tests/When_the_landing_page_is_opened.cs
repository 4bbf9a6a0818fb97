using System.Net;

namespace PowerMicro.Gateway.Tests;

public sealed class GatewayWithCallbackDown : DefaultGateway
{
    protected override string[] ServicesDown => ["callback"];
}

public sealed class When_the_landing_page_is_opened(GatewayWithCallbackDown fixture) : IClassFixture<GatewayWithCallbackDown>
{
    [Fact]
    public async Task It_lists_each_service_with_its_readiness_and_api_document_without_a_token()
    {
        using var response = await fixture.Rig.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();

        foreach (var service in GatewayRig.ServiceNames)
            Assert.Contains($"href=\"/openapi/{service}.json\"", html);
        Assert.Matches("<td>intake</td>.*<td class=\"ready\">ready</td>", html);
        Assert.Matches("<td>callback</td>.*<td class=\"not-ready\">not ready</td>", html);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html); // no external assets
    }

    [Fact]
    public async Task Health_endpoints_are_anonymous_and_readiness_follows_the_services()
    {
        using var live = await fixture.Rig.Client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await fixture.Rig.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("callback", await ready.Content.ReadAsStringAsync());
    }
}
