using PowerMicro.Contracts;
using PowerMicro.Dispatch.Crews;
using PowerMicro.Dispatch.Deadlines;
using PowerMicro.Dispatch.WorkOrders;
using PowerMicro.Durable.Deadlines;

namespace PowerMicro.Aggregates.Tests.WorkOrders;

/// <summary>Work order fixtures: a repair received at T0 in an area with one crew, and the events of its life.</summary>
public static class Repairs
{
    public static readonly Guid Id = Guid.Parse("0192f0a0-0000-7000-8000-000000000001");
    public static readonly DeadlineLimits Limits = new(ServiceLimits.Defaults);
    public static readonly Crew Crew = new() { Id = "urban-1", Name = "Crew 1", Areas = ["urban"], Capacity = 1 };
    public static readonly CrewsAvailable Free = new([Crew], new Dictionary<string, int>());
    public static readonly CrewsAvailable Full = new([Crew], new Dictionary<string, int> { ["urban-1"] = 1 });

    public static OrderReceived Received(string subtype = "no-power", string description = "No power in the street") =>
        new(Id, Given.T0, 1, "intake", "20261123000001", OrderKinds.Repair, subtype, "phone", "urban", 2,
            new Customer("A-1", "Wang", "13800000000", "C", 3), "1 Road", description, null, false, null, "trace");

    public static WorkOrder Dispatched() =>
        Given.After<WorkOrder>(null, WorkOrderDecisions.Open(new OpenRepair(Received(), Limits, Free), null, Given.T0))!;

    public static WorkOrder OnSite(DateTimeOffset at) =>
        Given.After(Dispatched(), WorkOrderDecisions.Arrive(new ArriveOnSite(Crew.Id, Limits), Dispatched(), at))!;

    public static WorkOrder Completed(DateTimeOffset at)
    {
        var onSite = OnSite(at);
        return Given.After(onSite, WorkOrderDecisions.Complete(new CompleteWork("restored", null, Crew.Id), onSite, at))!;
    }

    public static WorkOrder Guiding() =>
        Given.After<WorkOrder>(null, WorkOrderDecisions.Open(
            new OpenRepair(Received("meter-fault", "The breaker tripped indoor"), Limits, Free), null, Given.T0))!;
}
