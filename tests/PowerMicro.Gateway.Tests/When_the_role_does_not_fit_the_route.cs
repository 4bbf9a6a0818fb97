namespace PowerMicro.Gateway.Tests;

public sealed class When_the_role_does_not_fit_the_route(DefaultGateway fixture) : IClassFixture<DefaultGateway>
{
    private GatewayRig Rig => fixture.Rig;

    public static TheoryData<string, string> Routes => ContractRoutes.Data();

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_other_role_is_forbidden_before_the_service_sees_the_request(string method, string path)
    {
        var route = ContractRoutes.Find(method, path);
        foreach (var role in ContractRoutes.Roles)
        {
            var user = $"{role}-{Guid.NewGuid():N}";
            using var response = await Rig.SendAsync(method, path, Tokens.For(role, user, crew: role == "crew" ? "urban-1" : null));
            if (route.Roles.Contains(role))
            {
                var seen = await GatewayRig.ReadReceived(response);
                Assert.Equal(role, seen.Role);
            }
            else
            {
                var problem = await GatewayRig.ReadProblem(response, 403);
                Assert.DoesNotContain(Rig.Services.Values.SelectMany(s => s.Requests), r => r.User == user);
            }
        }
    }

    [Fact]
    public async Task A_signed_token_with_a_role_outside_the_four_is_forbidden_everywhere()
    {
        using var response = await Rig.SendAsync("GET", "/api/orders/0f8e2c4a-3b1d-4e5f-9a6b-7c8d9e0f1a2b", Tokens.For("admin"));
        await GatewayRig.ReadProblem(response, 403);
    }
}
