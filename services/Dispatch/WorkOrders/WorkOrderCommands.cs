using PowerMicro.Contracts;
using PowerMicro.Dispatch.Crews;
using PowerMicro.Durable.Deadlines;

namespace PowerMicro.Dispatch.WorkOrders;

// What can be asked of a work order. Limits are the configured deadline limits; Crews is what assigning needs,
// read under the area locks before deciding (WorkOrderWrites), so deciding stays pure.

/// <summary>The crews serving an area and their open load (work orders dispatched or on site), counted under the area locks.</summary>
public sealed record CrewsAvailable(IReadOnlyList<Crew> Crews, IReadOnlyDictionary<string, int> OpenLoad)
{
    public static readonly CrewsAvailable None = new([], new Dictionary<string, int>());
}

public sealed record OpenRepair(OrderReceived Received, DeadlineLimits Limits, CrewsAvailable Crews);

public sealed record ReopenRepair(OrderReopened Reopened, DeadlineLimits Limits, CrewsAvailable Crews);

public sealed record ArriveOnSite(string Crew, DeadlineLimits Limits);

public sealed record CompleteWork(string Result, string? Note, string? Crew);

public sealed record EndGuidance(string Outcome, string? Note, DeadlineLimits Limits, CrewsAvailable Crews);

/// <summary>A crew freed up and takes this waiting work order.</summary>
public sealed record AssignFreedCrew(string Crew, DeadlineLimits Limits);
