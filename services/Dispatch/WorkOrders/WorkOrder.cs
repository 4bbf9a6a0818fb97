using PowerMicro.Dispatch.Crews;

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

public sealed class DeadlineState
{
    public string Name { get; set; } = "";
    public int Round { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public Guid TokenId { get; set; }
    public DateTimeOffset? MetAt { get; set; }
    public bool? OnTime { get; set; }
    public bool Breached { get; set; }
    public double? LateBySeconds { get; set; }
}

public sealed record TimelineStep(string Type, DateTimeOffset At, int Round, string? Detail);

/// <summary>
/// A work order: the aggregate of its event stream and, kept inline by Marten in the same transaction as the
/// events, the document every query reads (list, queue, crew load, SLA).
/// </summary>
public sealed class WorkOrder
{
    /// <summary>Marten document alias: the table is mt_doc_work_order (the load count queries it directly).</summary>
    public const string Alias = "work_order";

    public Guid Id { get; set; }
    public string Number { get; set; } = "";
    public string Subtype { get; set; } = "";
    public string Area { get; set; } = "";
    public int Priority { get; set; }
    public string Tier { get; set; } = "";
    public int Importance { get; set; }
    public string AccountNo { get; set; } = "";
    public string? Address { get; set; }
    public string Description { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
    public bool CustomerSide { get; set; }
    public int Urgency { get; set; }

    public string Status { get; set; } = WorkOrderStatus.Waiting;
    public int Round { get; set; } = 1;
    public string? Crew { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public DateTimeOffset? ArrivedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? Result { get; set; }
    public string? Note { get; set; }
    /// <summary>Flagged for supervision (督办): some deadline of it was breached.</summary>
    public bool Supervision { get; set; }
    /// <summary>Due time of the deadline running now (none met yet), for the overdue filter.</summary>
    public DateTimeOffset? OpenDueAt { get; set; }
    public DateTimeOffset? EarliestDueAt { get; set; }
    public DateTimeOffset? LatestDueAt { get; set; }
    public List<DeadlineState> Deadlines { get; set; } = [];
    public List<TimelineStep> Timeline { get; set; } = [];

    public DeadlineState? Running(string name) =>
        Deadlines.FirstOrDefault(d => d.Name == name && d.Round == Round && d.MetAt is null);

    public DeadlineState? Find(string name, int round) => Deadlines.FirstOrDefault(d => d.Name == name && d.Round == round);

    // Marten's conventions for the inline snapshot, also used by the handlers to fold what they append.
    public static WorkOrder Create(JasperFx.Events.IEvent<WorkOrderOpened> stored) => From(stored.StreamId, stored.Data);

    public static WorkOrder From(Guid id, WorkOrderOpened e)
    {
        var order = new WorkOrder
        {
            Id = id,
            Number = e.Number, Subtype = e.Subtype, Area = e.Area, Priority = e.Priority, Tier = e.Tier,
            Importance = e.Importance, AccountNo = e.AccountNo, Address = e.Address, Description = e.Description,
            ReceivedAt = e.ReceivedAt, CustomerSide = e.CustomerSide,
            Urgency = AssignmentRule.Urgency(e.Importance, e.Tier),
            Status = e.CustomerSide ? WorkOrderStatus.Guiding : WorkOrderStatus.Waiting,
        };
        order.Step("WorkOrderOpened", e.At, e.CustomerSide ? "customer-side fault: guide first" : null);
        return order;
    }

    public void Apply(WorkOrderQueued e)
    {
        Status = WorkOrderStatus.Waiting;
        Crew = null;
        Step("WorkOrderQueued", e.At, null);
    }

    public void Apply(CrewAssigned e)
    {
        Status = WorkOrderStatus.Dispatched;
        Crew = e.Crew;
        DispatchedAt = e.At;
        Step("OrderDispatched", e.At, e.Crew);
    }

    public void Apply(DeadlineStarted e)
    {
        Deadlines.Add(new DeadlineState { Name = e.Deadline, Round = e.Round, DueAt = e.DueAt, TokenId = e.TokenId });
        Step("DeadlineSet", e.At, $"{e.Deadline} due {e.DueAt:O}");
        RefreshDueTimes();
    }

    public void Apply(DeadlineKept e)
    {
        if (Find(e.Deadline, e.Round) is { } d)
        {
            d.MetAt = e.At;
            d.OnTime = e.OnTime;
        }
        Step("DeadlineMet", e.At, $"{e.Deadline} {(e.OnTime ? "on time" : "late")}");
        RefreshDueTimes();
    }

    public void Apply(DeadlineMissed e)
    {
        if (Find(e.Deadline, e.Round) is { } d)
        {
            d.Breached = true;
            d.LateBySeconds = e.LateBySeconds;
        }
        Supervision = true;
        Step("SlaBreached", e.At, e.Deadline);
    }

    public void Apply(CrewArrivedOnSite e)
    {
        Status = WorkOrderStatus.OnSite;
        ArrivedAt = e.At;
        Step("CrewArrived", e.At, e.Crew);
    }

    public void Apply(WorkCompleted e)
    {
        Status = WorkOrderStatus.Completed;
        CompletedAt = e.At;
        Result = e.Result;
        Note = e.Note;
        Step("OrderCompleted", e.At, e.Result);
    }

    public void Apply(GuidanceEnded e)
    {
        if (e.Outcome == GuidanceOutcome.Dispatch) Status = WorkOrderStatus.Waiting;
        Step("GuidanceEnded", e.At, e.Outcome);
    }

    public void Apply(WorkOrderReopened e)
    {
        Round = e.Round;
        Status = WorkOrderStatus.Waiting;
        Crew = null;
        DispatchedAt = null;
        ArrivedAt = null;
        CompletedAt = null;
        Result = null;
        Note = null;
        Step("OrderReopened", e.At, e.Reason);
    }

    /// <summary>Applies an event this process just appended, so later decisions in the same request see it.</summary>
    public void Fold(object e)
    {
        switch (e)
        {
            case WorkOrderQueued x: Apply(x); break;
            case CrewAssigned x: Apply(x); break;
            case DeadlineStarted x: Apply(x); break;
            case DeadlineKept x: Apply(x); break;
            case DeadlineMissed x: Apply(x); break;
            case CrewArrivedOnSite x: Apply(x); break;
            case WorkCompleted x: Apply(x); break;
            case GuidanceEnded x: Apply(x); break;
            case WorkOrderReopened x: Apply(x); break;
            default: throw new ArgumentException($"Not a work order event: {e.GetType().Name}", nameof(e));
        }
    }

    private void Step(string type, DateTimeOffset at, string? detail) => Timeline.Add(new TimelineStep(type, at, Round, detail));

    private void RefreshDueTimes()
    {
        OpenDueAt = Deadlines.Where(d => d.MetAt is null && d.Round == Round).Select(d => (DateTimeOffset?)d.DueAt).Min();
        EarliestDueAt = Deadlines.Select(d => (DateTimeOffset?)d.DueAt).Min();
        LatestDueAt = Deadlines.Select(d => (DateTimeOffset?)d.DueAt).Max();
    }
}

public static class GuidanceOutcome
{
    public const string SelfFixed = "self-fixed";
    public const string Dispatch = "dispatch";
    public static readonly string[] All = [SelfFixed, Dispatch];
}
