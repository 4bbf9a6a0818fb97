namespace PowerMicro.Gateway.Tests;

public sealed class When_a_token_is_missing_or_forged(DefaultGateway fixture) : IClassFixture<DefaultGateway>
{
    private const string Path = "/api/orders/0f8e2c4a-3b1d-4e5f-9a6b-7c8d9e0f1a2b";
    private GatewayRig Rig => fixture.Rig;

    public static TheoryData<string, string?, string> BadTokens => new()
    {
        { "missing", null, "required" },
        { "expired", Tokens.For("agent", "eve", expires: DateTime.UtcNow.AddMinutes(-5)), "expired" },
        { "wrong signature", Tokens.For("agent", "eve", key: "another-key-that-is-long-enough-for-hs256-0123456789"), "signature" },
        { "wrong audience", Tokens.For("agent", "eve", audience: "someone-else"), "audience" },
        { "wrong issuer", Tokens.For("agent", "eve", issuer: "someone-else"), "issuer" },
        { "alg none", Tokens.Unsigned("agent"), "" },
        { "not a jwt", "not-a-token", "" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task It_is_401_with_a_problem_and_a_bearer_challenge_and_the_service_never_sees_it(string why, string? token, string detailMentions)
    {
        var before = Rig.RequestsReceived;
        using var response = await Rig.SendAsync("GET", Path, token);

        var problem = await GatewayRig.ReadProblem(response, 401);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        if (token is not null) Assert.Contains("error=\"invalid_token\"", challenge.Parameter);
        Assert.Contains(detailMentions, problem.GetProperty("detail").GetString());
        Assert.Equal(before, Rig.RequestsReceived);
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public async Task A_valid_token_passes()
    {
        using var response = await Rig.SendAsync("GET", Path, Tokens.For("crew", "carol"));
        var seen = await GatewayRig.ReadReceived(response);
        Assert.Equal("carol", seen.User);
    }
}
