using Xunit.Abstractions;

namespace PowerMicro.Edge.Tests;

/// <summary>
/// The fuzz (<see cref="FuzzRun"/>) against one instance of every service in this process: at least 10,000 generated
/// requests per run (POWERMICRO_FUZZ_REQUESTS for a longer run, POWERMICRO_FUZZ_SEED to replay one).
/// </summary>
[Collection(FuzzedSystems.Name)]
public sealed class When_a_hostile_client_fuzzes_the_gateway(EdgeSystem system, ITestOutputHelper output) : IClassFixture<EdgeSystem>
{
    [Fact]
    public Task No_request_gets_a_5xx_every_4xx_is_a_problem_and_rejected_requests_change_nothing() =>
        FuzzRun.RunAsync(system, "one-instance", FuzzRun.Requests(10_000), output);
}
