using PowerMicro.Contracts;

namespace PowerMicro.Intake.OrderView;

/// <summary>
/// Applies an integration event to the view. Idempotent (an event already in the timeline, by service,
/// sequence and type, changes nothing) and order-independent: status and callback state are folded from
/// the timeline sorted by time, so events from different services may arrive in any order.
/// </summary>
public static class OrderViewProjector
{
    public static OrderView Create(OrderReceived e)
    {
        var view = new OrderView
        {
            Id = e.OrderId, Number = e.Number, Kind = e.Kind, Subtype = e.Subtype, Channel = e.Channel, Area = e.Area,
            Priority = e.Priority, Customer = e.Customer, Address = e.Address, Description = e.Description,
            AppointmentAt = e.AppointmentAt, AppointmentService = e.AppointmentService, SpecialCare = e.SpecialCare,
            ReceivedAt = e.OccurredAt, TraceId = e.TraceId,
        };
        Apply(view, e, nameof(OrderReceived));
        return view;
    }

    /// <summary>Returns false when the event was already applied.</summary>
    public static bool Apply(OrderView view, IOrderEvent e, string type)
    {
        if (view.Timeline.Any(t => t.Service == e.Source && t.Sequence == e.Sequence && t.Type == type)) return false;
        view.Timeline.Add(new TimelineEntry(type, e.OccurredAt, e.Source, e.Sequence, Detail(e)));
        view.Timeline.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At)
            : a.Service != b.Service ? string.CompareOrdinal(a.Service, b.Service) : a.Sequence.CompareTo(b.Sequence));

        switch (e)
        {
            case OrderAnswered answered: view.Answer = answered.Answer; break;
            case DeadlineSet set: view.DeadlineFacts.Add(new("set", set.Deadline, set.OccurredAt, set.DueAt)); break;
            case OrderDispatched dispatched: view.DeadlineFacts.Add(new("set", "arrival", dispatched.OccurredAt, dispatched.ArrivalDueAt)); break;
            case CrewArrived arrived:
                view.DeadlineFacts.Add(new("met", "arrival", arrived.OccurredAt, null));
                view.DeadlineFacts.Add(new("set", "restoration", arrived.OccurredAt, arrived.RestorationDueAt));
                break;
            case DeadlineMet met: view.DeadlineFacts.Add(new("met", met.Deadline, met.MetAt, null)); break;
            case SlaBreached breached:
                view.DeadlineFacts.Add(new("breached", breached.Deadline, breached.OccurredAt, breached.DueAt));
                view.Supervised = true;
                break;
        }
        Refold(view);
        RefoldDeadlines(view);
        return true;
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

    private static bool CallbackExpected(OrderView view) =>
        view.Kind is OrderKinds.Repair or OrderKinds.Complaint or OrderKinds.Report || view.AppointmentService;

    private static bool CallbackSampled(OrderView view) =>
        view.Kind == OrderKinds.Inquiry && view.Subtype is "outage-info" or "policy" or "bill";

    /// <summary>Status and callback state from the timeline, oldest first.</summary>
    private static void Refold(OrderView view)
    {
        var status = "received";
        var callback = new CallbackView
        {
            Required = CallbackExpected(view),
            Status = CallbackExpected(view) || CallbackSampled(view) ? "pending" : "not-required",
        };
        foreach (var step in view.Timeline)
        {
            switch (step.Type)
            {
                case nameof(OrderAnswered): status = "answered"; break;
                case nameof(OrderDispatched): status = "dispatched"; break;
                case nameof(CrewArrived): status = "on-site"; break;
                case "ComplaintContacted": status = "in-progress"; break;
                case "ComplaintReplied": status = "replied"; break;
                case nameof(OrderCompleted): status = "completed"; break;
                case nameof(OrderReopened):
                    status = "reopened";
                    callback.Status = "pending";
                    break;
                case nameof(CallbackScheduled):
                    callback.Required = true;
                    callback.Status = "scheduled";
                    break;
                case nameof(CallbackAttempted):
                    callback.Status = step.Detail is "satisfied" or "basically-satisfied" ? "done" : "in-progress";
                    break;
                case nameof(OrderClosed):
                    status = "closed";
                    callback.Status = step.Detail switch
                    {
                        "unreachable" => "unreachable",
                        "no-callback-required" => "not-required",
                        _ => "done",
                    };
                    if (step.Detail == "no-callback-required") callback.Required = false;
                    break;
            }
        }
        view.Status = status;
        view.Callback = callback;
    }
}
