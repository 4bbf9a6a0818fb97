using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Testing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace PowerMicro.Gateway.Tests;

/// <summary>
/// Two stand-in instances of every service behind the real gateway, probed every 200 ms. Each test
/// gets its own rig, since the tests switch instances off.
/// </summary>
public sealed class When_a_service_instance_is_not_ready : IAsyncLifetime
{
    private const string Path = "/api/orders/0f8e2c4a-3b1d-4e5f-9a6b-7c8d9e0f1a2b";
    private GatewayRig _rig = null!;
    private ServiceStandIn First => _rig.Instances["intake"][0];
    private ServiceStandIn Second => _rig.Instances["intake"][1];

    public async Task InitializeAsync() => _rig = await GatewayRig.StartAsync(new Dictionary<string, string?>
    {
        ["Upstreams:Health:Interval"] = "00:00:00.2",
        ["Upstreams:Health:Timeout"] = "00:00:01",
    }, instances: 2);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    /// <summary>Waits until the gateway's active probes see the instance in the given state.</summary>
    private Task ActiveHealthIs(ServiceStandIn instance, DestinationHealth health) => Eventually.True(() =>
    {
        var lookup = _rig.Gateway.Services.GetRequiredService<IProxyStateLookup>();
        return lookup.TryGetCluster("intake", out var cluster)
            && cluster.Destinations.Values.Any(d => d.Model.Config.Address.TrimEnd('/') == instance.Address.ToString().TrimEnd('/')
                && d.Health.Active == health);
    }, $"the gateway to see {instance.Address} as {health}", TimeSpan.FromSeconds(15));

    private async Task<List<HttpResponseMessage>> Send(int count)
    {
        var token = Tokens.For("agent");
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < count; i++) responses.Add(await _rig.SendAsync("GET", Path, token));
        return responses;
    }

    [Fact]
    public async Task Both_ready_instances_get_requests()
    {
        await ActiveHealthIs(First, DestinationHealth.Healthy);
        await ActiveHealthIs(Second, DestinationHealth.Healthy);
        foreach (var response in await Send(40)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(First.Requests);
        Assert.NotEmpty(Second.Requests);
    }

    [Fact]
    public async Task An_instance_that_is_not_ready_gets_no_requests_until_it_is_ready_again()
    {
        Second.Ready = false;
        await ActiveHealthIs(Second, DestinationHealth.Unhealthy);
        var before = Second.Requests.Count;

        foreach (var response in await Send(30)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, Second.Requests.Count);

        Second.Ready = true;
        await ActiveHealthIs(Second, DestinationHealth.Healthy);
        foreach (var response in await Send(40)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Second.Requests.Count > before, "the instance that is ready again gets requests again");
    }

    [Fact]
    public async Task With_no_instance_ready_the_gateway_answers_503_problem_with_retry_after_and_recovers_by_itself()
    {
        First.Ready = false;
        Second.Ready = false;
        await ActiveHealthIs(First, DestinationHealth.Unhealthy);
        await ActiveHealthIs(Second, DestinationHealth.Unhealthy);
        var received = First.Requests.Count + Second.Requests.Count;

        using (var response = await _rig.SendAsync("GET", Path, Tokens.For("agent")))
        {
            var problem = await GatewayRig.ReadProblem(response, 503);
            Assert.Contains("intake", problem.GetProperty("detail").GetString());
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After in seconds");
        }
        Assert.Equal(received, First.Requests.Count + Second.Requests.Count);

        First.Ready = true;
        await ActiveHealthIs(First, DestinationHealth.Healthy);
        foreach (var response in await Send(10)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_instance_that_stops_is_taken_out_by_the_probes()
    {
        await ActiveHealthIs(Second, DestinationHealth.Healthy);
        await Second.DisposeAsync();
        await ActiveHealthIs(Second, DestinationHealth.Unhealthy);
        foreach (var response in await Send(20)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_gateway_is_ready_while_one_instance_of_each_service_is()
    {
        Second.Ready = false;
        using var ready = await _rig.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("1 of 2 instances ready", await ready.Content.ReadAsStringAsync());

        First.Ready = false;
        using var notReady = await _rig.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
    }
}
