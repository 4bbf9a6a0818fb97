using System.Net;

namespace PowerMicro.Gateway.Tests;

/// <summary>A gateway with small limits: 1 KiB bodies, 3 s per request (the slow stand-in takes 5 s; 1 s was too tight for a loaded CI machine), a bucket of 3 requests per client per minute.</summary>
public sealed class TightlyLimitedGateway : DefaultGateway
{
    protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Limits:MaxRequestBodyBytes"] = "1024",
        ["Limits:RequestTimeout"] = "00:00:03",
        ["Limits:RateLimit:TokenLimit"] = "3",
        ["Limits:RateLimit:TokensPerPeriod"] = "3",
        ["Limits:RateLimit:ReplenishmentPeriod"] = "00:01:00",
    };
}

public sealed class When_a_client_exceeds_the_limits(TightlyLimitedGateway fixture) : IClassFixture<TightlyLimitedGateway>
{
    private GatewayRig Rig => fixture.Rig;
    private static string Body(int bytes) => "{\"answer\":\"" + new string('x', bytes) + "\"}";
    private const string AnswerPath = "/api/orders/0f8e2c4a-3b1d-4e5f-9a6b-7c8d9e0f1a2b/answer";

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_never_reaches_the_service()
    {
        var user = "big-" + Guid.NewGuid().ToString("N");
        using (var small = await Rig.SendAsync("POST", AnswerPath, Tokens.For("agent", user), Body(500)))
            Assert.True((await GatewayRig.ReadReceived(small)).BodyBytes > 500);

        using var large = await Rig.SendAsync("POST", AnswerPath, Tokens.For("agent", user), Body(2000));
        var problem = await GatewayRig.ReadProblem(large, 413);
        Assert.Contains("1024", problem.GetProperty("detail").GetString());
        Assert.Single(Rig.Services["intake"].Requests, r => r.User == user);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413_too()
    {
        var user = "chunked-" + Guid.NewGuid().ToString("N");
        using var request = Rig.Request("POST", AnswerPath, Tokens.For("agent", user));
        request.Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Body(4000))));
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await Rig.Client.SendAsync(request);
        await GatewayRig.ReadProblem(response, 413);
    }

    [Fact]
    public async Task Too_many_requests_from_one_client_are_429_with_retry_after_while_others_go_on()
    {
        var token = Tokens.For("agent", "busy-" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await Rig.SendAsync("GET", "/api/callbacks?status=due", token);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await Rig.SendAsync("GET", "/api/callbacks?status=due", token);
        await GatewayRig.ReadProblem(refused, 429);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        using var someoneElse = await Rig.SendAsync("GET", "/api/callbacks?status=due", Tokens.For("agent", "calm-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(HttpStatusCode.OK, someoneElse.StatusCode);
    }

    [Fact]
    public async Task A_request_the_service_answers_too_late_is_504()
    {
        using var response = await Rig.SendAsync("GET", "/api/orders/0f8e2c4a-3b1d-4e5f-9a6b-7c8d9e0f1a2b?delayMs=5000",
            Tokens.For("agent", "slow-" + Guid.NewGuid().ToString("N")));
        await GatewayRig.ReadProblem(response, 504);
    }
}
