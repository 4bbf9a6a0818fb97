using System.Security.Cryptography;
using System.Text;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using PowerMicro.Callback.Rules;
using PowerMicro.Contracts;
using PowerMicro.Durable.Scheduling;

namespace PowerMicro.Callback.Callbacks;

/// <summary>
/// One callback task per completion of an order. OrderCompleted (any round greater than the last one
/// seen; a duplicate changes nothing) applies the callback rule: none → the order closes; required or
/// sampled → a task due DueAfter later, with a durable timer. Attempts: satisfied/basically-satisfied
/// close the order; unsatisfied reopens it (its next completion starts a new round); unreachable waits
/// RetryAfter and closes as unreachable after MaxAttempts. A task not done by its due time is an SLA
/// breach. Every step is an event in the order's callback stream (the relay publishes them), written in
/// the same transaction as the saga.
/// </summary>
public sealed class CallbackStateMachine : MassTransitStateMachine<CallbackState>
{
    public State Scheduled { get; private set; } = null!;
    public State AwaitingRedo { get; private set; } = null!;
    public State Closed { get; private set; } = null!;

    public Event<OrderCompleted> Completed { get; private set; } = null!;
    public Event<RecordCallbackAttempt> Attempted { get; private set; } = null!;
    public Schedule<CallbackState, CallbackDue> DueTimeout { get; private set; } = null!;

    public CallbackStateMachine(TimeProvider clock, IOptions<CallbackOptions> options)
    {
        var settings = options.Value;
        InstanceState(x => x.CurrentState);
        Event(() => Completed, e => e.CorrelateById(c => c.Message.OrderId));
        Event(() => Attempted, e =>
        {
            e.CorrelateById(c => c.Message.OrderId);
            e.OnMissingInstance(m => m.Discard());
        });
        Schedule(() => DueTimeout, x => x.DueTokenId, s => s.Received = r => r.CorrelateById(c => c.Message.OrderId));

        Initially(OnCompletion(clock, settings));
        During(Scheduled, AwaitingRedo, Closed, OnCompletion(clock, settings));

        During(Scheduled,
            When(Attempted)
                .ThenAsync(c => RecordAttempt(c, clock, settings))
                .If(c => c.Saga.Status is "done" or "unreachable", x => x.Then(c => CancelDue(c, clock)).TransitionTo(Closed))
                .If(c => c.Saga.Status == "reopened", x => x.Then(c => CancelDue(c, clock)).TransitionTo(AwaitingRedo)),
            When(DueTimeout.Received)
                .ThenAsync(c =>
                {
                    var session = c.GetPayload<IDocumentSession>();
                    session.Events.Append(c.Saga.CorrelationId, new CallbackOverdue(c.Saga.CorrelationId, clock.GetUtcNow(), c.Saga.DueAt));
                    return Task.CompletedTask;
                }));
        During(AwaitingRedo, Closed, Ignore(Attempted), Ignore(DueTimeout.Received));
    }

    private EventActivityBinder<CallbackState, OrderCompleted> OnCompletion(TimeProvider clock, CallbackOptions settings) =>
        When(Completed)
            .If(c => c.Message.Round > c.Saga.Round, round => round
                .ThenAsync(c => Decide(c, clock, settings))
                .IfElse(c => c.Saga.Status == "open",
                    task => task
                        .Then(c => ScheduleDue(c, clock))
                        .TransitionTo(Scheduled),
                    none => none.TransitionTo(Closed)));

    /// <summary>
    /// The due-time timer is written into the saga's own session (the durable scheduler's table), so it exists only
    /// once the task that expects it is saved. MassTransit's Schedule() sends it to the scheduler queue before the save:
    /// a due time already past (a completion that arrives late) then fired before the saga was committed, found no
    /// task (or an older token) and was dropped silently, and the breach never came.
    /// </summary>
    private static void ScheduleDue<T>(BehaviorContext<CallbackState, T> c, TimeProvider clock) where T : class
    {
        CancelDue(c, clock);
        c.Saga.DueTokenId = c.GetPayload<IDocumentSession>().ScheduleSend(c.ReceiveContext.InputAddress, c.Saga.DueAt,
            new CallbackDue(c.Saga.CorrelationId, c.Saga.CallbackId));
    }

    /// <summary>Cancels the pending due-time timer with the saga's save (a cancel sent before the save could outlive a failed save).</summary>
    private static void CancelDue<T>(BehaviorContext<CallbackState, T> c, TimeProvider clock) where T : class
    {
        if (c.Saga.DueTokenId is not { } token) return;
        c.GetPayload<IDocumentSession>().CancelScheduledSend(token, clock.GetUtcNow());
        c.Saga.DueTokenId = null;
    }

    private static async Task Decide(BehaviorContext<CallbackState, OrderCompleted> c, TimeProvider clock, CallbackOptions settings)
    {
        var session = c.GetPayload<IDocumentSession>();
        var m = c.Message;
        var need = CallbackRule.For(m.Kind, m.Subtype, m.AppointmentService);
        var picked = need == CallbackNeed.Required
                     || need == CallbackNeed.Sampled && await SamplingBlock.DrawAsync(session, m.Subtype, c.CancellationToken);
        var now = clock.GetUtcNow();

        var saga = c.Saga;
        saga.Kind = m.Kind;
        saga.Subtype = m.Subtype;
        saga.Tier = m.Tier;
        saga.Round = m.Round;
        saga.Attempts = 0;
        saga.AppliedAttempts = [];
        saga.Sampled = need == CallbackNeed.Sampled;
        session.Events.Append(saga.CorrelationId,
            new CompletionRecorded(saga.CorrelationId, now, m.Kind, m.Subtype, m.Tier, m.Round, picked ? need.ToString() : "None"));

        if (!picked)
        {
            saga.Status = "none";
            session.Events.Append(saga.CorrelationId, new OrderClosedByCallback(saga.CorrelationId, now, "no-callback-required"));
            return;
        }
        saga.Status = "open";
        saga.CallbackId = TaskId(saga.CorrelationId, m.Round);
        saga.DueAt = m.OccurredAt + settings.DueAfter;
        saga.NextAttemptAt = now;
        session.Events.Append(saga.CorrelationId,
            new CallbackTaskCreated(saga.CorrelationId, now, saga.CallbackId, saga.DueAt, saga.Sampled, m.Round));
    }

    private static Task RecordAttempt(BehaviorContext<CallbackState, RecordCallbackAttempt> c, TimeProvider clock, CallbackOptions settings)
    {
        var saga = c.Saga;
        var m = c.Message;
        if (m.CallbackId != saga.CallbackId || saga.Status != "open" || saga.AppliedAttempts.Contains(m.AttemptId)) return Task.CompletedTask;
        saga.AppliedAttempts.Add(m.AttemptId);
        var session = c.GetPayload<IDocumentSession>();
        var now = clock.GetUtcNow();
        saga.Attempts++;
        session.Events.Append(saga.CorrelationId,
            new CallbackAttemptRecorded(saga.CorrelationId, now, saga.CallbackId, m.Outcome, saga.Attempts, m.Note, m.Agent));
        switch (m.Outcome)
        {
            case "satisfied" or "basically-satisfied":
                saga.Status = "done";
                session.Events.Append(saga.CorrelationId, new OrderClosedByCallback(saga.CorrelationId, now, "callback-done"));
                break;
            case "unsatisfied":
                saga.Status = "reopened";
                session.Events.Append(saga.CorrelationId,
                    new OrderReopenedByCallback(saga.CorrelationId, now, saga.Kind, saga.Subtype, saga.Round + 1));
                break;
            case "unreachable" when saga.Attempts >= settings.MaxAttempts:
                saga.Status = "unreachable";
                session.Events.Append(saga.CorrelationId, new OrderClosedByCallback(saga.CorrelationId, now, "unreachable"));
                break;
            case "unreachable":
                saga.NextAttemptAt = now + settings.RetryAfter;
                break;
        }
        return Task.CompletedTask;
    }

    /// <summary>The same order and round always give the same task id (a redelivered completion cannot make a second one).</summary>
    public static Guid TaskId(Guid orderId, int round)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"callback:{orderId:N}:{round}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
