using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;
using PowerMicro.Durable.Relay;

namespace PowerMicro.Callback.Callbacks;

/// <summary>The callback stream's events as integrators see them.</summary>
public static class IntegrationEvents
{
    public const string Source = "callback";

    public static void Map(IntegrationEventMap map) => map
        .Map<CallbackTaskCreated>((e, m) => new CallbackScheduled(e.OrderId, e.At, m.Sequence, Source, e.CallbackId, e.DueAt, e.Sampled, e.Round))
        .Map<CallbackAttemptRecorded>((e, m) => new CallbackAttempted(e.OrderId, e.At, m.Sequence, Source, e.CallbackId, e.Outcome, e.Attempt, e.Note))
        .Map<OrderClosedByCallback>((e, m) => new OrderClosed(e.OrderId, e.At, m.Sequence, Source, e.Reason))
        .Map<OrderReopenedByCallback>((e, m) => new OrderReopened(e.OrderId, e.At, m.Sequence, Source, e.Kind, e.Subtype, "unsatisfied", e.Round))
        .Map<CallbackOverdue>((e, m) => new SlaBreached(e.OrderId, e.At, m.Sequence, Source, OrderDeadlines.Callback, e.DueAt, (e.At - e.DueAt).TotalSeconds));
}
