namespace PowerMicro.Testing;

public enum InfrastructureSource { Containers, Environment }

/// <summary>
/// Where the tests' PostgreSQL and RabbitMQ come from: Testcontainers when a Docker engine answers,
/// otherwise the servers deploy/test.sh started, named by these environment variables.
/// </summary>
public static class InfrastructureChoice
{
    public const string PostgresVariable = "POWERMICRO_POSTGRES";
    public const string RabbitMqVariable = "POWERMICRO_RABBITMQ";
    public const string RabbitMqManagementVariable = "POWERMICRO_RABBITMQ_MANAGEMENT";

    public static InfrastructureSource Decide(bool dockerEngineAvailable, Func<string, string?> environment)
    {
        string[] variables = [PostgresVariable, RabbitMqVariable, RabbitMqManagementVariable];
        var missing = variables.Where(v => string.IsNullOrWhiteSpace(environment(v))).ToArray();
        if (missing.Length == 0) return InfrastructureSource.Environment;
        if (dockerEngineAvailable) return InfrastructureSource.Containers;

        throw new InvalidOperationException(
            "No test infrastructure: there is no Docker engine for Testcontainers, and " +
            string.Join(", ", missing) + (missing.Length == 1 ? " is" : " are") + " not set. " +
            "Run the tests with deploy/test.sh (it starts PostgreSQL and RabbitMQ on loopback and sets them), " +
            "or run `eval \"$(deploy/infra.sh env)\"` after `deploy/infra.sh start`.");
    }
}
