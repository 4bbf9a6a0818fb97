using System.Diagnostics;

namespace PowerMicro.Gateway.Tests;

public sealed class When_a_request_is_traced(DefaultGateway fixture) : IClassFixture<DefaultGateway>
{
    private GatewayRig Rig => fixture.Rig;
    private static string OrderPath() => $"/api/orders/{Guid.NewGuid()}";

    [Fact]
    public async Task The_trace_id_header_is_the_trace_of_the_service_s_span()
    {
        using var response = await Rig.SendAsync("GET", OrderPath(), Tokens.For("agent"));
        var seen = await GatewayRig.ReadReceived(response);
        var header = Assert.Single(response.Headers.GetValues("X-Trace-Id"));

        var span = await Rig.Services["intake"].ExportedServerSpan(seen.SpanId);
        Assert.Equal(header, span.TraceId.ToHexString());
        Assert.Equal(header, seen.TraceId);
        Assert.NotEqual(default, span.ParentSpanId); // continued from the gateway's call, not started anew
    }

    [Fact]
    public async Task A_traceparent_from_the_client_is_continued()
    {
        var clientTrace = ActivityTraceId.CreateRandom().ToHexString();
        using var request = Rig.Request("GET", OrderPath(), Tokens.For("agent"));
        request.Headers.Add("traceparent", $"00-{clientTrace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await Rig.Client.SendAsync(request);

        var seen = await GatewayRig.ReadReceived(response);
        Assert.Equal(clientTrace, Assert.Single(response.Headers.GetValues("X-Trace-Id")));
        Assert.Equal(clientTrace, (await Rig.Services["intake"].ExportedServerSpan(seen.SpanId)).TraceId.ToHexString());
    }

    [Theory]
    [InlineData("GET", "/api/orders/x", null, 401)]
    [InlineData("POST", "/api/orders", "crew", 403)]
    [InlineData("GET", "/api/nowhere", "agent", 404)]
    public async Task Error_responses_carry_the_trace_id_too(string method, string path, string? role, int status)
    {
        using var response = await Rig.SendAsync(method, path, role is null ? null : Tokens.For(role));
        var problem = await GatewayRig.ReadProblem(response, status);
        var header = Assert.Single(response.Headers.GetValues("X-Trace-Id"));
        Assert.Matches("^[0-9a-f]{32}$", header);
        Assert.Contains(header, problem.GetProperty("traceId").GetString());
    }
}
