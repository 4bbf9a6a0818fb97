using System.Net;

namespace PowerMicro.Gateway.Tests;

/// <summary>
/// Instances that stop before the gateway's next probe (here a minute away, so the gateway still takes
/// them for ready): the connection is refused, nothing reached them, and the gateway never answers with
/// YARP's empty 502.
/// </summary>
public sealed class When_an_instance_stops_between_two_probes : IAsyncLifetime
{
    private const string Path = "/api/orders/0f8e2c4a-3b1d-4e5f-9a6b-7c8d9e0f1a2b";
    private GatewayRig _rig = null!;

    public async Task InitializeAsync() => _rig = await GatewayRig.StartAsync(new Dictionary<string, string?>
    {
        ["Upstreams:Health:Interval"] = "00:01:00",
    }, instances: 2);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task A_request_without_a_body_goes_to_the_instance_still_running()
    {
        var (stopped, running) = (_rig.Instances["intake"][1], _rig.Instances["intake"][0]);
        await stopped.DisposeAsync();

        var token = Tokens.For("agent");
        for (var i = 0; i < 20; i++)
        {
            using var response = await _rig.SendAsync("GET", Path, token);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(20, running.Requests.Count);
    }

    [Fact]
    public async Task With_every_instance_gone_the_answer_is_503_problem_with_retry_after_with_or_without_a_body()
    {
        foreach (var instance in _rig.Instances["intake"]) await instance.DisposeAsync();

        using (var get = await _rig.SendAsync("GET", Path, Tokens.For("agent")))
        {
            await GatewayRig.ReadProblem(get, 503);
            Assert.NotNull(get.Headers.RetryAfter);
        }
        using var post = await _rig.SendAsync("POST", "/api/orders", Tokens.For("agent"), """{"kind":"repair"}""");
        await GatewayRig.ReadProblem(post, 503);
        Assert.NotNull(post.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_connection_that_breaks_with_the_request_in_hand_answers_502_problem_without_retry_after()
    {
        using var response = await _rig.SendAsync("GET", Path + "?abort=true", Tokens.For("agent"));
        await GatewayRig.ReadProblem(response, 502);
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_read_whose_instance_dies_with_it_in_hand_is_answered_by_another_instance()
    {
        _rig.Instances["intake"][1].Aborting = true;
        var token = Tokens.For("agent");
        for (var i = 0; i < 20; i++)
        {
            using var response = await _rig.SendAsync("GET", Path, token);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(20, _rig.Instances["intake"][0].Requests.Count);
    }
}
