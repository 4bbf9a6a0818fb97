using DotNet.Testcontainers.Configurations;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace PowerMicro.Testing;

/// <summary>
/// The PostgreSQL and RabbitMQ servers of this test run, resolved once per process: servers named by
/// the environment when set (deploy/test.sh sets them), containers when a Docker engine exists.
/// </summary>
public sealed record TestInfrastructure(InfrastructureSource Source, string Postgres, Uri RabbitMq, Uri RabbitMqManagement)
{
    private static readonly Lazy<Task<TestInfrastructure>> Shared = new(ResolveAsync);

    public static Task<TestInfrastructure> GetAsync() => Shared.Value;

    public static bool DockerEngineAvailable => TestcontainersSettings.OS.DockerEndpointAuthConfig is not null;

    private static async Task<TestInfrastructure> ResolveAsync()
    {
        var source = InfrastructureChoice.Decide(DockerEngineAvailable, Environment.GetEnvironmentVariable);
        if (source == InfrastructureSource.Environment)
            return new TestInfrastructure(source,
                Environment.GetEnvironmentVariable(InfrastructureChoice.PostgresVariable)!,
                new Uri(Environment.GetEnvironmentVariable(InfrastructureChoice.RabbitMqVariable)!),
                new Uri(Environment.GetEnvironmentVariable(InfrastructureChoice.RabbitMqManagementVariable)!));

        // Containers live as long as the test process; Testcontainers' reaper removes them after.
        var postgres = new PostgreSqlBuilder("postgres:15").Build();
        var rabbit = new RabbitMqBuilder("rabbitmq:3.10-management")
            .WithUsername("guest").WithPassword("guest").WithPortBinding(15672, true).Build();
        await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync());
        return new TestInfrastructure(source, postgres.GetConnectionString(),
            new Uri($"amqp://guest:guest@{rabbit.Hostname}:{rabbit.GetMappedPublicPort(5672)}/"),
            new Uri($"http://guest:guest@{rabbit.Hostname}:{rabbit.GetMappedPublicPort(15672)}/"));
    }
}
