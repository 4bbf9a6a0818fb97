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
    public async Task No_request_gets_a_5xx_every_4xx_is_a_problem_and_rejected_requests_change_nothing()
    {
        await FuzzRun.RunAsync(system, "two-instances", FuzzRun.Requests(2_500), output);

        var answered = system.RequestsAnswered();
        output.WriteLine("answered by instance: " + string.Join(", ", answered.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} {a.Value}")));
        Assert.All(answered, a => Assert.True(a.Value > 0, $"{a.Key} answered no request: the fuzz did not reach both instances"));
    }
}

/// <summary>One fuzzed system at a time: each is a whole system, and the machine is shared.</summary>
[CollectionDefinition(Name)]
public sealed class FuzzedSystems
{
    public const string Name = "fuzzed systems";
}
