using System.Net;
using System.Text.Json;

namespace PowerMicro.Gateway.Tests;

/// <summary>
/// GET /api/console/live: server-sent snapshots of watched API paths, each read through the gateway with the
/// caller's own token, so the route table's roles apply to every watched path as to a direct call.
/// </summary>
public sealed class When_the_console_watches_lists_live(DefaultGateway fixture) : IClassFixture<DefaultGateway>
{
    private GatewayRig Rig => fixture.Rig;

    private static string Live(params string[] watches) =>
        "/api/console/live?" + string.Join('&', watches.Select(w => "watch=" + Uri.EscapeDataString(w)));

    [Fact]
    public async Task Each_path_is_read_as_the_caller_and_a_path_the_role_may_not_read_is_refused()
    {
        var user = $"agent-{Guid.NewGuid():N}";
        using var request = Rig.Request("GET", Live("/api/orders?kind=repair", "/api/dispatch/sla"), Tokens.For("agent", user));
        using var response = await Rig.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        var snapshots = new Dictionary<string, JsonElement>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (snapshots.Count < 2 && await reader.ReadLineAsync(patience.Token) is { } line)
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var snapshot = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                snapshots[snapshot.GetProperty("path").GetString()!] = snapshot;
            }

        var orders = snapshots["/api/orders?kind=repair"];
        Assert.Equal(200, orders.GetProperty("status").GetInt32());
        var seen = orders.GetProperty("body").Deserialize<Received>(JsonSerializerOptions.Web)!;
        Assert.Equal(("intake", "agent", "?kind=repair"), (seen.Service, seen.Role, seen.Query));
        Assert.Equal(403, snapshots["/api/dispatch/sla"].GetProperty("status").GetInt32());
        Assert.DoesNotContain(Rig.Services["dispatch"].Requests, r => r.User == user);
    }

    [Fact]
    public async Task Without_a_token_there_is_no_stream()
    {
        using var response = await Rig.SendAsync("GET", Live("/api/orders"));
        await GatewayRig.ReadProblem(response, 401);
    }

    public static TheoryData<string[]> BadWatches() => new()
    {
        Array.Empty<string>(),
        new[] { "" },
        new[] { "/health/ready" },
        new[] { "/api/console/live?watch=/api/orders" },
        new[] { "/api/auth/dev-token" },
        new[] { "http://127.0.0.1:9/api/orders" },
        new[] { "/api/../health/ready" },
        new[] { "//127.0.0.1:9/api/orders" },
        Enumerable.Range(1, 11).Select(i => $"/api/orders?page={i}").ToArray(),
    };

    [Theory]
    [MemberData(nameof(BadWatches))]
    public async Task A_watch_outside_the_api_is_a_validation_problem(string[] watches)
    {
        using var response = await Rig.SendAsync("GET", Live(watches), Tokens.For("supervisor"));
        var problem = await GatewayRig.ReadProblem(response, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("watch", out _));
    }
}
