using System.Net.Http.Headers;
using System.Text.Json;
using PowerMicro.Testing;

namespace PowerMicro.Gateway.Tests;

/// <summary>
/// The real gateway, built by the same <see cref="GatewayHost"/> calls as gateway/Program.cs and reading
/// the gateway's own appsettings.json (routes and policies), on a real loopback port, in front of four
/// stand-in services on their own ports (<c>instances</c> of each). <paramref name="overrides"/> change its configuration.
/// </summary>
public sealed class GatewayRig : IAsyncDisposable
{
    public static readonly string[] ServiceNames = ["intake", "dispatch", "complaint", "callback"];

    private GatewayRig(TestWebHost gateway, Dictionary<string, IReadOnlyList<ServiceStandIn>> instances)
    {
        Gateway = gateway;
        Instances = instances;
        Services = instances.ToDictionary(i => i.Key, i => i.Value[0]);
        // No traceparent from the test process itself, unless a test sets one.
        Client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null, UseCookies = false }) { BaseAddress = gateway.Address };
    }

    public TestWebHost Gateway { get; }
    /// <summary>The first instance of each service that runs.</summary>
    public IReadOnlyDictionary<string, ServiceStandIn> Services { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<ServiceStandIn>> Instances { get; }
    public HttpClient Client { get; }

    public static Task<GatewayRig> StartAsync(IDictionary<string, string?>? overrides = null, params string[] servicesDown) =>
        StartAsync(overrides, 1, servicesDown);

    public static async Task<GatewayRig> StartAsync(IDictionary<string, string?>? overrides, int instances, params string[] servicesDown)
    {
        var services = new Dictionary<string, IReadOnlyList<ServiceStandIn>>();
        foreach (var name in ServiceNames.Except(servicesDown))
        {
            var started = new List<ServiceStandIn>();
            for (var i = 0; i < instances; i++) started.Add(await ServiceStandIn.StartAsync(name, withOpenApi: name != "callback"));
            services[name] = started;
        }

        var configuration = Tokens.GatewayConfiguration();
        foreach (var name in ServiceNames)
            configuration[$"Services:{char.ToUpperInvariant(name[0])}{name[1..]}"] = services.TryGetValue(name, out var s)
                ? string.Join(",", s.Select(i => i.Address))
                : "http://127.0.0.1:9"; // discard port: nobody listens
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) configuration[key] = value;

        var gateway = await TestWebHost.StartAsync(configuration, b => b.AddGateway(), app => app.UseGateway());
        return new GatewayRig(gateway, services);
    }

    public HttpRequestMessage Request(string method, string path, string? token = null, string? body = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        else if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(string method, string path, string? token = null, string? body = null)
    {
        using var request = Request(method, path, token, body);
        return await Client.SendAsync(request);
    }

    public static async Task<Received> ReadReceived(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<Received>(text, JsonSerializerOptions.Web)!;
    }

    public static async Task<JsonElement> ReadProblem(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    public int RequestsReceived => Instances.Values.SelectMany(i => i).Sum(s => s.Requests.Count);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        foreach (var service in Instances.Values.SelectMany(i => i)) await service.DisposeAsync();
    }
}
