using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;

namespace PowerMicro.Intake.OrderView;

/// <summary>
/// Applies a typed integration event to the view. Idempotent (an event already in the timeline, by service,
/// sequence and type, changes nothing) and order-independent: every effect on status and callback state is an
/// assignment, and each field keeps the step that last set it (<see cref="StepKey"/>), so the step latest in
/// time wins however the events of different services arrive.
/// </summary>
public static class OrderViewProjector
{
    public static OrderView Create(OrderReceived e)
    {
        var callback = OrderCatalog.CallbackFor(e.Kind, e.Subtype, e.AppointmentService);
        var view = new OrderView
        {
            Id = e.OrderId, Number = e.Number, Kind = e.Kind, Subtype = e.Subtype, Channel = e.Channel, Area = e.Area,
            Priority = e.Priority, Customer = e.Customer, Address = e.Address, Description = e.Description,
            AppointmentAt = e.AppointmentAt, AppointmentService = e.AppointmentService, SpecialCare = e.SpecialCare,
            ReceivedAt = e.OccurredAt, TraceId = e.TraceId,
            Callback = new CallbackView
            {
                Required = callback == CallbackPolicy.Always,
                Status = callback == CallbackPolicy.None ? CallbackStates.NotRequired : CallbackStates.Pending,
            },
        };
        Apply(view, e);
        return view;
    }

    /// <summary>
    /// Returns false when the event was already applied. <paramref name="contractType"/> names an event of a
    /// contract newer than this service (it only joins the timeline); a known event is named by its type.
    /// </summary>
    public static bool Apply(OrderView view, IOrderEvent e, string? contractType = null)
    {
        var type = contractType ?? e.GetType().Name;
        if (view.Timeline.Any(t => t.Service == e.Source && t.Sequence == e.Sequence && t.Type == type)) return false;
        view.Timeline.Add(new TimelineEntry(type, e.OccurredAt, e.Source, e.Sequence, Detail(e)));
        view.Timeline.Sort((a, b) => new StepKey(a.At, a.Service, a.Sequence).CompareTo(new StepKey(b.At, b.Service, b.Sequence)));

        var step = new StepKey(e.OccurredAt, e.Source, e.Sequence);
        switch (e)
        {
            case OrderAnswered answered:
                view.Answer = answered.Answer;
                SetStatus(view, step, "answered");
                break;
            case OrderDispatched dispatched:
                view.DeadlineFacts.Add(new("set", OrderDeadlines.Arrival, dispatched.OccurredAt, dispatched.ArrivalDueAt));
                SetStatus(view, step, "dispatched");
                break;
            case CrewArrived arrived:
                view.DeadlineFacts.Add(new("met", OrderDeadlines.Arrival, arrived.OccurredAt, null));
                view.DeadlineFacts.Add(new("set", OrderDeadlines.Restoration, arrived.OccurredAt, arrived.RestorationDueAt));
                SetStatus(view, step, "on-site");
                break;
            case ComplaintContacted:
                SetStatus(view, step, "in-progress");
                break;
            case OrderCompleted:
                SetStatus(view, step, "completed");
                break;
            case OrderReopened:
                SetStatus(view, step, "reopened");
                SetCallbackStatus(view, step, CallbackStates.Pending);
                break;
            case CallbackScheduled:
                SetCallbackRequired(view, step, true);
                SetCallbackStatus(view, step, "scheduled");
                break;
            case CallbackAttempted attempted:
                SetCallbackStatus(view, step, attempted.Outcome is "satisfied" or "basically-satisfied" ? "done" : "in-progress");
                break;
            case OrderClosed closed:
                SetStatus(view, step, "closed");
                SetCallbackStatus(view, step, closed.Reason switch
                {
                    "unreachable" => "unreachable",
                    "no-callback-required" => CallbackStates.NotRequired,
                    _ => "done",
                });
                if (closed.Reason == "no-callback-required") SetCallbackRequired(view, step, false);
                break;
            case DeadlineSet set:
                view.DeadlineFacts.Add(new("set", set.Deadline, set.OccurredAt, set.DueAt));
                break;
            case DeadlineMet met:
                view.DeadlineFacts.Add(new("met", met.Deadline, met.MetAt, null));
                break;
            case SlaBreached breached:
                view.DeadlineFacts.Add(new("breached", breached.Deadline, breached.OccurredAt, breached.DueAt));
                view.Supervised = true;
                break;
        }
        RefoldDeadlines(view);
        return true;
    }

    private static void SetStatus(OrderView view, StepKey step, string status)
    {
        if (view.StatusSetBy is { } last && last.CompareTo(step) > 0) return;
        view.Status = status;
        view.StatusSetBy = step;
    }

    private static void SetCallbackStatus(OrderView view, StepKey step, string status)
    {
        if (view.CallbackStatusSetBy is { } last && last.CompareTo(step) > 0) return;
        view.Callback.Status = status;
        view.CallbackStatusSetBy = step;
    }

    private static void SetCallbackRequired(OrderView view, StepKey step, bool required)
    {
        if (view.CallbackRequiredSetBy is { } last && last.CompareTo(step) > 0) return;
        view.Callback.Required = required;
        view.CallbackRequiredSetBy = step;
    }

    /// <summary>Deadlines from the facts in time order: a set opens (or moves) one, met and breached close the latest.</summary>
    private static void RefoldDeadlines(OrderView view)
    {
        view.Deadlines = [];
        foreach (var fact in view.DeadlineFacts.OrderBy(f => f.At))
        {
            var latest = view.Deadlines.LastOrDefault(d => d.Name == fact.Name);
            switch (fact.Fact)
            {
                case "set" when latest is { MetAt: null, Breached: false }:
                    latest.DueAt = fact.DueAt!.Value;
                    break;
                case "set":
                    view.Deadlines.Add(new DeadlineView { Name = fact.Name, DueAt = fact.DueAt!.Value });
                    break;
                case "met" when latest is not null:
                    latest.MetAt ??= fact.At;
                    break;
                case "breached":
                    if (latest is null) view.Deadlines.Add(latest = new DeadlineView { Name = fact.Name, DueAt = fact.DueAt!.Value });
                    latest.Breached = true;
                    break;
            }
        }
    }

    private static string? Detail(IOrderEvent e) => e switch
    {
        OrderDispatched d => d.Crew,
        CrewArrived a => a.Crew,
        OrderCompleted c => c.Result,
        OrderReopened r => r.Reason,
        CallbackAttempted a => a.Outcome,
        OrderClosed c => c.Reason,
        SlaBreached b => b.Deadline,
        DeadlineSet s => s.Deadline,
        DeadlineMet m => m.Deadline,
        _ => null,
    };
}
