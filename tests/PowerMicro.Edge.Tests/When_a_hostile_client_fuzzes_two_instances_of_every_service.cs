using Xunit.Abstractions;

namespace PowerMicro.Edge.Tests;

/// <summary>
/// The same fuzz (<see cref="FuzzRun"/>: generator, assertions, state compared before and after) against two
/// instances of every service, each a process of its own, the gateway balancing across them. 2,500 requests in CI
/// (POWERMICRO_FUZZ_REQUESTS for a long run, e.g. 20000).
/// </summary>
[Collection(FuzzedSystems.Name)]
public sealed class When_a_hostile_client_fuzzes_two_instances_of_every_service(TwoInstancesBehindTheGateway system, ITestOutputHelper output)
    : IClassFixture<TwoInstancesBehindTheGateway>
{
    [Fact]
    public Task No_request_gets_a_5xx_every_4xx_is_a_problem_and_rejected_requests_change_nothing() =>
        FuzzRun.RunAsync(system, "two-instances", FuzzRun.Requests(2_500), output);
}

/// <summary>One fuzzed system at a time: each is a whole system, and the machine is shared.</summary>
[CollectionDefinition(Name)]
public sealed class FuzzedSystems
{
    public const string Name = "fuzzed systems";
}
