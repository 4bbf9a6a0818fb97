namespace PowerMicro.Check.Reading;

/// <summary>
/// Which stored events each service's relay publishes, and as what (the services' IntegrationEventMap calls, read
/// as data: Marten stores an event under its type name in snake case). The order view must list exactly these,
/// keyed by service, stream version (the published sequence) and integration event type. A stored type not named
/// here is private to its service; a new published one, until named here, is simply not required in the timeline.
/// </summary>
public static class EventCatalog
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Published =
        new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["intake"] = new Dictionary<string, string>
            {
                ["order_taken"] = "OrderReceived",
                ["answer_given"] = "OrderAnswered",
                ["completed_at_intake"] = "OrderCompleted",
            },
            ["dispatch"] = new Dictionary<string, string>
            {
                ["crew_assigned"] = "OrderDispatched",
                ["crew_arrived_on_site"] = "CrewArrived",
                ["work_completed"] = "OrderCompleted",
                ["deadline_started"] = "DeadlineSet",
                ["deadline_kept"] = "DeadlineMet",
                ["deadline_missed"] = "SlaBreached",
            },
            ["complaint"] = new Dictionary<string, string>
            {
                ["case_opened"] = "ComplaintOpened",
                ["deadline_started"] = "DeadlineSet",
                ["deadline_kept"] = "DeadlineMet",
                ["deadline_missed"] = "SlaBreached",
                ["case_escalated"] = "ComplaintEscalated",
                ["customer_contacted"] = "ComplaintContacted",
                ["case_replied"] = "OrderCompleted",
                ["reward_due"] = "ReporterRewardDue",
            },
            ["callback"] = new Dictionary<string, string>
            {
                ["callback_task_created"] = "CallbackScheduled",
                ["callback_attempt_recorded"] = "CallbackAttempted",
                ["order_closed_by_callback"] = "OrderClosed",
                ["order_reopened_by_callback"] = "OrderReopened",
                ["callback_overdue"] = "SlaBreached",
            },
        };

    // Stored event types the checks read.
    public const string OrderTaken = "order_taken";
    public const string CompletedAtIntake = "completed_at_intake";
    public const string WorkOrderOpened = "work_order_opened";
    public const string WorkCompleted = "work_completed";
    public const string CaseOpened = "case_opened";
    public const string CaseReplied = "case_replied";
    public const string CompletionRecorded = "completion_recorded";
    public const string CallbackTaskCreated = "callback_task_created";
    public const string CallbackAttemptRecorded = "callback_attempt_recorded";
    public const string OrderClosedByCallback = "order_closed_by_callback";
    public const string OrderReopenedByCallback = "order_reopened_by_callback";
    public const string CallbackOverdue = "callback_overdue";

    public static string? PublishedAs(string service, string storedType) =>
        Published.TryGetValue(service, out var map) && map.TryGetValue(storedType, out var name) ? name : null;
}
