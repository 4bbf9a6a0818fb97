using PowerMicro.Dispatch.Crews;
using PowerMicro.Durable.Deadlines;
using PowerMicro.Durable.Writing;

namespace PowerMicro.Dispatch.WorkOrders;

public static class WorkOrderStatus
{
    public const string Guiding = "guiding";
    public const string Waiting = "waiting";
    public const string Dispatched = "dispatched";
    public const string OnSite = "on-site";
    public const string Completed = "completed";

    public static readonly string[] All = [Guiding, Waiting, Dispatched, OnSite, Completed];
    public static readonly string[] Open = [Dispatched, OnSite];
}

public sealed record TimelineStep(string Type, DateTimeOffset At, int Round, string? Detail);

/// <summary>
/// A work order: the immutable state of its event stream (Evolve), decided on by
/// <see cref="WorkOrderDecisions"/>, and, kept inline by Marten in the same transaction as the events, the document
/// every query reads (list, queue, crew load, SLA).
/// </summary>
public sealed record WorkOrder : IDeadlineOwner<WorkOrder>
{
    /// <summary>Marten document alias: the table is mt_doc_work_order (the load count queries it directly).</summary>
    public const string Alias = "work_order";

    public Guid Id { get; init; }
    public string Number { get; init; } = "";
    public string Subtype { get; init; } = "";
    public string Area { get; init; } = "";
    public int Priority { get; init; }
    public string Tier { get; init; } = "";
    public int Importance { get; init; }
    public string AccountNo { get; init; } = "";
    public string? Address { get; init; }
    public string Description { get; init; } = "";
    public DateTimeOffset ReceivedAt { get; init; }
    public bool CustomerSide { get; init; }
    public int Urgency { get; init; }

    public string Status { get; init; } = WorkOrderStatus.Waiting;
    public int Round { get; init; } = 1;
    public string? Crew { get; init; }
    public DateTimeOffset? DispatchedAt { get; init; }
    public DateTimeOffset? ArrivedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? Result { get; init; }
    public string? Note { get; init; }
    /// <summary>Flagged for supervision (督办): some deadline of it was breached.</summary>
    public bool Supervision { get; init; }
    /// <summary>Due time of the deadline running now (none met yet), for the overdue filter.</summary>
    public DateTimeOffset? OpenDueAt { get; init; }
    public DateTimeOffset? EarliestDueAt { get; init; }
    public DateTimeOffset? LatestDueAt { get; init; }
    public IReadOnlyList<DeadlineState> Deadlines { get; init; } = [];
    public IReadOnlyList<TimelineStep> Timeline { get; init; } = [];

    public DeadlineState? Running(string name) => DeadlineRules.Running(Deadlines, name, Round);

    // Explicit: Marten's source generator takes a public method named Evolve for an instance Evolve(event) of its own.
    static WorkOrder? IAggregate<WorkOrder>.Evolve(WorkOrder? state, object @event) => (state, @event) switch
    {
        (null, WorkOrderOpened e) => Opened(e),
        (null, _) => null,
        ({ } w, WorkOrderQueued e) => w.Step("WorkOrderQueued", e.At, null) with { Status = WorkOrderStatus.Waiting, Crew = null },
        ({ } w, CrewAssigned e) => w.Step("OrderDispatched", e.At, e.Crew) with
            { Status = WorkOrderStatus.Dispatched, Crew = e.Crew, DispatchedAt = e.At },
        ({ } w, DeadlineStarted e) => w.Step("DeadlineSet", e.At, $"{e.Deadline} due {e.DueAt:O}")
            .WithDeadlines(DeadlineRules.Started(w.Deadlines, e.Deadline, e.Round, e.DueAt, e.TokenId)),
        ({ } w, DeadlineKept e) => w.Step("DeadlineMet", e.At, $"{e.Deadline} {(e.OnTime ? "on time" : "late")}")
            .WithDeadlines(DeadlineRules.Kept(w.Deadlines, e.Deadline, e.Round, e.OnTime, e.At)),
        ({ } w, DeadlineMissed e) => w.Step("SlaBreached", e.At, e.Deadline) with
            { Deadlines = DeadlineRules.Missed(w.Deadlines, e.Deadline, e.Round, e.LateBySeconds, e.At), Supervision = true },
        ({ } w, CrewArrivedOnSite e) => w.Step("CrewArrived", e.At, e.Crew) with { Status = WorkOrderStatus.OnSite, ArrivedAt = e.At },
        ({ } w, WorkCompleted e) => w.Step("OrderCompleted", e.At, e.Result) with
            { Status = WorkOrderStatus.Completed, CompletedAt = e.At, Result = e.Result, Note = e.Note },
        ({ } w, GuidanceEnded e) => w.Step("GuidanceEnded", e.At, e.Outcome) with
            { Status = e.Outcome == GuidanceOutcome.Dispatch ? WorkOrderStatus.Waiting : w.Status },
        ({ } w, WorkOrderReopened e) => (w with
            {
                Round = e.Round, Status = WorkOrderStatus.Waiting, Crew = null, DispatchedAt = null, ArrivedAt = null,
                CompletedAt = null, Result = null, Note = null,
            }).Step("OrderReopened", e.At, e.Reason),
        ({ } w, _) => w,
    };

    private static WorkOrder Opened(WorkOrderOpened e) => new WorkOrder
    {
        Id = e.OrderId,
        Number = e.Number, Subtype = e.Subtype, Area = e.Area, Priority = e.Priority, Tier = e.Tier,
        Importance = e.Importance, AccountNo = e.AccountNo, Address = e.Address, Description = e.Description,
        ReceivedAt = e.ReceivedAt, CustomerSide = e.CustomerSide,
        Urgency = AssignmentRule.Urgency(e.Importance, e.Tier),
        Status = e.CustomerSide ? WorkOrderStatus.Guiding : WorkOrderStatus.Waiting,
    }.Step("WorkOrderOpened", e.At, e.CustomerSide ? "customer-side fault: guide first" : null);

    public static Decision Fire(DeadlineDue due, WorkOrder? state, DateTimeOffset now) =>
        WorkOrderDecisions.Fire(due, state, now);

    private WorkOrder Step(string type, DateTimeOffset at, string? detail) =>
        this with { Timeline = [.. Timeline, new TimelineStep(type, at, Round, detail)] };

    private WorkOrder WithDeadlines(IReadOnlyList<DeadlineState> deadlines) => this with
    {
        Deadlines = deadlines,
        OpenDueAt = deadlines.Where(d => d.Running && d.Round == Round).Select(d => (DateTimeOffset?)d.DueAt).Min(),
        EarliestDueAt = deadlines.Select(d => (DateTimeOffset?)d.DueAt).Min(),
        LatestDueAt = deadlines.Select(d => (DateTimeOffset?)d.DueAt).Max(),
    };
}

public static class GuidanceOutcome
{
    public const string SelfFixed = "self-fixed";
    public const string Dispatch = "dispatch";
    public static readonly string[] All = [SelfFixed, Dispatch];
}
