using System.Net;
using System.Text.Json;
using PowerMicro.ServiceDefaults;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Messaging;
using PowerMicro.Testing;

namespace PowerMicro.Foundation.Tests;

public sealed class When_a_dependency_cannot_be_reached_readiness_fails : IClassFixture<IsolatedInfrastructure>
{
    // Nothing listens on port 1 of loopback: connections are refused at once.
    private const string UnreachablePostgres = "Host=127.0.0.1;Port=1;Database=powermicro;Username=postgres;Timeout=2";
    private const string UnreachableRabbitMq = "amqp://guest:guest@127.0.0.1:1/";

    private readonly IsolatedInfrastructure _infrastructure;

    public When_a_dependency_cannot_be_reached_readiness_fails(IsolatedInfrastructure infrastructure) =>
        _infrastructure = infrastructure;

    private static Task<TestWebHost> StartService(IDictionary<string, string?> configuration, bool awaitSchema = true) =>
        TestWebHost.StartAsync(configuration,
            builder =>
            {
                builder.AddServiceDefaults("readiness-probe");
                builder.AddEventStore("readiness");
                builder.AddServiceBus("readiness");
            },
            app => app.MapDefaultEndpoints(), awaitSchema);

    private static async Task<(HttpStatusCode Status, Dictionary<string, string> Checks)> Ready(TestWebHost host)
    {
        using var response = await host.Client.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks").EnumerateObject()
            .ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString()!);
        return (response.StatusCode, checks);
    }

    [Fact]
    public async Task With_both_reachable_the_service_is_ready()
    {
        await using var host = await StartService(_infrastructure.Configuration());
        // Ready once the schema is applied (in the background at start-up): wait for that, then look at the checks.
        await Eventually.True(async () => (await Ready(host)).Item1 == HttpStatusCode.OK, "the service ready");
        var (status, checks) = await Ready(host);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", checks["schema"]);
        Assert.Equal("Healthy", checks["postgres"]);
        Assert.Equal("Healthy", checks["rabbitmq"]);
    }

    [Fact]
    public async Task Without_postgres_ready_is_503_naming_postgres_and_live_stays_200()
    {
        var configuration = _infrastructure.Configuration();
        configuration["ConnectionStrings:Postgres"] = UnreachablePostgres;
        await using var host = await StartService(configuration, awaitSchema: false);

        var (status, checks) = await Ready(host);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", checks["postgres"]);
        Assert.Equal("Healthy", checks["rabbitmq"]);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Without_rabbitmq_ready_is_503_naming_rabbitmq_and_live_stays_200()
    {
        var configuration = _infrastructure.Configuration();
        configuration["ConnectionStrings:RabbitMq"] = UnreachableRabbitMq;
        // A service whose broker is down must still come up and say so, instead of hanging in start-up.
        configuration["MassTransit:WaitUntilStarted"] = "false";
        await using var host = await StartService(configuration);

        var (status, checks) = await Ready(host);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", checks["rabbitmq"]);
        Assert.Equal("Healthy", checks["postgres"]);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/live")).StatusCode);
    }
}
