using PowerMicro.Testing;

namespace PowerMicro.Foundation.Tests;

public sealed class InfrastructureChoiceTests
{
    private static readonly Dictionary<string, string?> AllSet = new()
    {
        [InfrastructureChoice.PostgresVariable] = "Host=127.0.0.1;Port=5433",
        [InfrastructureChoice.RabbitMqVariable] = "amqp://guest:guest@127.0.0.1:5672/",
        [InfrastructureChoice.RabbitMqManagementVariable] = "http://guest:guest@127.0.0.1:15672/",
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Servers_named_by_the_environment_are_used_when_set(bool docker) =>
        Assert.Equal(InfrastructureSource.Environment, InfrastructureChoice.Decide(docker, AllSet.GetValueOrDefault));

    [Fact]
    public void Containers_are_used_when_the_environment_names_no_servers_and_docker_runs() =>
        Assert.Equal(InfrastructureSource.Containers, InfrastructureChoice.Decide(true, _ => null));

    [Fact]
    public void Without_docker_or_servers_the_failure_says_what_is_missing_and_what_to_run()
    {
        var partial = new Dictionary<string, string?>(AllSet) { [InfrastructureChoice.RabbitMqVariable] = "" };
        var error = Assert.Throws<InvalidOperationException>(() => InfrastructureChoice.Decide(false, partial.GetValueOrDefault));
        Assert.Contains(InfrastructureChoice.RabbitMqVariable, error.Message);
        Assert.DoesNotContain(InfrastructureChoice.PostgresVariable, error.Message);
        Assert.Contains("deploy/test.sh", error.Message);
    }

    [Fact]
    public async Task This_run_has_real_servers_from_the_chosen_source()
    {
        var servers = await TestInfrastructure.GetAsync();
        var expected = TestInfrastructure.DockerEngineAvailable && Environment.GetEnvironmentVariable(InfrastructureChoice.PostgresVariable) is null
            ? InfrastructureSource.Containers : InfrastructureSource.Environment;
        Assert.Equal(expected, servers.Source);

        await using var connection = new Npgsql.NpgsqlConnection(servers.Postgres);
        await connection.OpenAsync();
        Assert.StartsWith("15", connection.PostgreSqlVersion.Major.ToString());
    }
}
