using Marten;
using PowerMicro.Contracts;
using PowerMicro.Dispatch.Crews;
using PowerMicro.Durable.Deadlines;
using PowerMicro.Durable.Writing;

namespace PowerMicro.Dispatch.WorkOrders;

/// <summary>
/// Every change to work orders, through <see cref="AggregateWriter"/>. Changes that take a crew (open, reopen, guide to
/// dispatch) first lock the areas involved and count crew load (<see cref="CrewAssignmentLocks"/>); a completion frees
/// its crew, which takes the first waiting work orders of its areas in the same transaction.
/// </summary>
public sealed class WorkOrderWrites(AggregateWriter writer, CrewAssignmentLocks locks, CrewRoster roster, DeadlineLimits limits,
    ILogger<WorkOrderWrites> logger)
{
    public Task<WriteResult<WorkOrder>> Open(OrderReceived received, Guid? messageId, CancellationToken ct) =>
        writer.Write(received.OrderId, new OpenRepair(received, limits, CrewsAvailable.None), WorkOrderDecisions.Open,
            new WriteSteps<WorkOrder, OpenRepair>
            {
                Inbox = ("OpenRepair", messageId),
                Prepare = async (session, state, command, token) => state is null
                    ? command with { Crews = await locks.ForArea(session, received.Area, received.OrderId, token) }
                    : command,
            }, ct);

    public Task<WriteResult<WorkOrder>> Reopen(OrderReopened reopened, Guid? messageId, CancellationToken ct) =>
        writer.Write(reopened.OrderId, new ReopenRepair(reopened, limits, CrewsAvailable.None), WorkOrderDecisions.Reopen,
            new WriteSteps<WorkOrder, ReopenRepair>
            {
                Inbox = ("Reopen", messageId),
                Prepare = async (session, state, command, token) => state is { Status: WorkOrderStatus.Completed }
                    ? command with { Crews = await locks.ForArea(session, state.Area, state.Id, token) }
                    : command,
            }, ct);

    public Task<WriteResult<WorkOrder>> Arrive(Guid orderId, string crew, CancellationToken ct) =>
        writer.Write<WorkOrder, ArriveOnSite>(orderId, new ArriveOnSite(crew, limits), WorkOrderDecisions.Arrive, cancellationToken: ct);

    public Task<WriteResult<WorkOrder>> Complete(Guid orderId, string result, string? note, string? crew, CancellationToken ct) =>
        writer.Write(orderId, new CompleteWork(result, note, crew), WorkOrderDecisions.Complete,
            new WriteSteps<WorkOrder, CompleteWork> { Join = FreeCrew }, ct);

    public Task<WriteResult<WorkOrder>> Guide(Guid orderId, string outcome, string? note, CancellationToken ct) =>
        writer.Write(orderId, new EndGuidance(outcome, note, limits, CrewsAvailable.None), WorkOrderDecisions.Guide,
            new WriteSteps<WorkOrder, EndGuidance>
            {
                Prepare = async (session, state, command, token) => state is { Status: WorkOrderStatus.Guiding } && outcome == GuidanceOutcome.Dispatch
                    ? command with { Crews = await locks.ForArea(session, state.Area, state.Id, token) }
                    : command,
            }, ct);

    /// <summary>
    /// At start-up: crews with room (the roster may have grown, or capacities risen, since the orders queued) take
    /// the waiting work orders of their areas, crew by crew in name order.
    /// </summary>
    public async Task AssignWaitingToCrewsWithRoom(IDocumentSession session, CancellationToken ct)
    {
        await locks.Lock(session, OrderKinds.Areas, ct);
        foreach (var crew in roster.Crews.OrderBy(c => c.Name, StringComparer.Ordinal))
            await AssignWaiting(session, crew, Guid.Empty, ct);
    }

    /// <summary>The completed work order's crew is free again: it takes waiting work orders of its areas.</summary>
    private async Task FreeCrew(IDocumentSession session, Change<WorkOrder> change, CancellationToken ct)
    {
        if (change.After is not { Status: WorkOrderStatus.Completed, Crew: { } freed } || roster.Find(freed) is not { } crew) return;
        await locks.Lock(session, crew.Areas, ct);
        await AssignWaiting(session, crew, change.StreamId, ct);
    }

    /// <summary>A crew with room takes the first waiting work orders of its areas (AssignmentRule's queue order) up to its capacity.</summary>
    private async Task AssignWaiting(IDocumentSession session, Crew crew, Guid completing, CancellationToken ct)
    {
        var open = (await locks.OpenLoad(session, [crew.Id], completing, ct)).GetValueOrDefault(crew.Id);
        var room = crew.Capacity - open;
        if (room <= 0) return;
        var areas = crew.Areas.ToArray();
        var waiting = await session.Query<WorkOrder>()
            .Where(w => w.Status == WorkOrderStatus.Waiting && areas.Contains(w.Area) && w.Id != completing)
            .OrderBy(w => w.Urgency).ThenBy(w => w.Priority).ThenBy(w => w.ReceivedAt)
            .Select(w => w.Id)
            .Take(room)
            .ToListAsync(ct);
        foreach (var id in waiting)
            if (await writer.DecideInSession<WorkOrder, AssignFreedCrew>(session, id, new AssignFreedCrew(crew.Id, limits), WorkOrderDecisions.AssignFreed, ct)
                is { Events.Count: > 0 })
                logger.LogInformation("Waiting work order {OrderId} assigned to freed crew {Crew}", id, crew.Id);
    }
}
