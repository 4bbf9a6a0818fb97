using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.ServiceDefaults.Security;

namespace PowerMicro.Gateway.Tests;

/// <summary>GatewayOnly (ServiceDefaults) in a service's pipeline: /api/** only from loopback or the allowed networks.</summary>
public sealed class When_a_service_is_called_directly
{
    private static RequestDelegate Pipeline(string? allowedNetworks)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:AllowedNetworks"] = allowedNetworks })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddProblemDetails()
            .BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseGatewayOnly();
        app.Run(context => { context.Response.StatusCode = StatusCodes.Status200OK; return Task.CompletedTask; });
        return app.Build();
    }

    private static async Task<(int Status, string Body)> Call(RequestDelegate pipeline, string remote, string path)
    {
        var context = new DefaultHttpContext();
        context.RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        await pipeline(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("10.1.2.3")]
    [InlineData("2001:db8::1")]
    public async Task A_caller_off_loopback_gets_a_403_problem_on_api_routes(string remote)
    {
        var (status, body) = await Call(Pipeline(null), remote, "/api/orders");
        Assert.Equal(403, status);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(403, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task A_loopback_caller_passes(string remote) =>
        Assert.Equal(200, (await Call(Pipeline(null), remote, "/api/orders")).Status);

    [Theory]
    [InlineData("172.18.0.5", "172.18.0.0/16", 200)]
    [InlineData("::ffff:172.18.0.5", "172.18.0.0/16", 200)]
    [InlineData("10.9.0.5", "172.18.0.0/16, 10.9.0.0/24", 200)]
    [InlineData("10.9.1.5", "172.18.0.0/16, 10.9.0.0/24", 403)]
    public async Task Callers_in_the_allowed_networks_pass(string remote, string networks, int expected) =>
        Assert.Equal(expected, (await Call(Pipeline(networks), remote, "/api/orders")).Status);

    [Theory]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task Paths_outside_api_stay_open(string path) =>
        Assert.Equal(200, (await Call(Pipeline(null), "203.0.113.7", path)).Status);

    [Fact]
    public void A_malformed_network_stops_the_service_from_starting() =>
        Assert.Throws<InvalidOperationException>(() => Pipeline("172.18.0.0/99"));
}

/// <summary>Loopback is not a trust boundary: a service answers /api/** only to a valid token, whoever calls.</summary>
public sealed class When_a_service_is_called_on_loopback_without_the_gateway
{
    [Fact]
    public async Task Without_a_token_it_is_401_even_with_identity_headers_and_with_one_the_role_table_applies()
    {
        await using var service = await ServiceStandIn.StartAsync("intake");
        using var client = new HttpClient { BaseAddress = service.Address };

        using var bare = new HttpRequestMessage(HttpMethod.Get, "/api/orders/0f8e2c4a-3b1d-4e5f-9a6b-7c8d9e0f1a2b");
        bare.Headers.Add("X-PowerMicro-User", "mallory");
        bare.Headers.Add("X-PowerMicro-Role", "supervisor");
        using (var response = await client.SendAsync(bare))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using (var forged = new HttpRequestMessage(HttpMethod.Get, "/api/orders"))
        {
            forged.Headers.Authorization = new("Bearer", Tokens.For("supervisor", key: "another-key-of-at-least-32-bytes-000000000000"));
            using var response = await client.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var integrator = new HttpRequestMessage(HttpMethod.Post, "/api/orders"))
        {
            integrator.Headers.Authorization = new("Bearer", Tokens.For("integrator"));
            integrator.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(integrator);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.Empty(service.Requests);
    }
}
