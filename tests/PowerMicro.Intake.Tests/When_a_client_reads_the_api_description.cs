using System.Net;
using PowerMicro.Testing;

namespace PowerMicro.Intake.Tests;

public sealed class When_a_client_reads_the_api_description : IClassFixture<IntakeFixture>
{
    private readonly TestWebHost _host;

    public When_a_client_reads_the_api_description(IntakeFixture intake) => _host = intake.Host;

    [Fact]
    public async Task The_openapi_document_describes_every_order_route()
    {
        using var response = await _host.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.Json()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/orders", out var orders));
        Assert.True(orders.TryGetProperty("post", out _) && orders.TryGetProperty("get", out _));
        Assert.True(paths.TryGetProperty("/api/orders/{orderId}", out _));
        Assert.True(paths.TryGetProperty("/api/orders/{orderId}/answer", out _));
    }
}
