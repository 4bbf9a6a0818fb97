using PowerMicro.Complaint.Deadlines;
using PowerMicro.Contracts;
using PowerMicro.Durable.Deadlines;
using PowerMicro.Durable.Writing;

namespace PowerMicro.Complaint.Cases;

/// <summary>
/// What a case decides for each command: pure functions of the command, its state and the time. Transitions: contact
/// only from "received"; reply only after the contact ("in-progress") or after a reopening ("reopened"); anything
/// else is refused, and a refused command appends nothing.
/// </summary>
public static class CaseDecisions
{
    public const string NoSuchCase = "No such complaint or report";

    public static Decision Open(OpenCase command, ComplaintCase? state, DateTimeOffset now)
    {
        if (state is not null) return Decision.Nothing; // open already
        var order = command.Order;
        var receivedAt = order.OccurredAt;
        var decision = Decision.Accept(new CaseOpened(order.OrderId, order.Number, order.Kind, order.Subtype, order.Customer.AccountNo,
                command.CustomerName, order.Customer.Tier, order.Channel, order.Description, receivedAt,
                command.Verdict.Repeat, command.Verdict.MatterCount, now))
            .Then(Start(order.OrderId, DeadlineNames.Contact, 1, receivedAt + command.Limits.Contact(), now))
            .Then(Start(order.OrderId, DeadlineNames.Reply, 1, receivedAt + command.Limits.ReplyFor(order.Kind), now));
        return command.Verdict.Escalate ? decision.With(new CaseEscalated("repeat", now)) : decision;
    }

    public static Decision Contact(ContactCustomer command, ComplaintCase? state, DateTimeOffset now)
    {
        if (state is null) return Decision.NotFound(NoSuchCase);
        if (state.Status != CaseStatus.Received)
            return Decision.Conflict("Already contacted",
                $"The customer of case {state.Id} was contacted at {state.ContactedAt:O}; the case is {state.Status}.");
        var due = state.OpenDeadline(DeadlineNames.Contact);
        var onTime = due is null || DeadlineRules.OnTime(due, now);
        return Keep(due, now).With(new CustomerContacted(command.By, onTime, now));
    }

    public static Decision Reply(ReplyToCustomer command, ComplaintCase? state, DateTimeOffset now)
    {
        if (state is null) return Decision.NotFound(NoSuchCase);
        if (state.IsTheftReport && command.Verified is null)
            return Decision.Invalid("verified", "An electricity-theft report needs \"verified\": true or false.");
        if (!state.IsTheftReport && command.Verified is not null)
            return Decision.Invalid("verified", "Only electricity-theft reports are verified.");
        switch (state.Status)
        {
            case CaseStatus.Received:
                return Decision.Conflict("Contact the customer first",
                    $"Case {state.Id} has no first contact yet: record it (POST …/contact) before the reply.");
            case CaseStatus.Replied:
                return Decision.Conflict("Already replied", $"Case {state.Id} was replied at {state.RepliedAt:O} (round {state.Round}).");
        }
        var decision = Keep(state.OpenDeadline(DeadlineNames.Reply), now)
            .With(new CaseReplied(state.Kind, state.Subtype, state.Tier, command.Reply, command.By, command.Verified, state.Round, now));
        return state.IsTheftReport && command.Verified == true ? decision.With(new RewardDue(state.AccountNo, state.CustomerName, now)) : decision;
    }

    /// <summary>
    /// A replied case goes back to handling with a new reply deadline (from the reopening) and the next round. A case
    /// in handling already, or a reopening older than the latest reply (a stale copy), changes nothing. No case yet:
    /// refused (the consumer tries again later: OrderReceived may still be on its way).
    /// </summary>
    public static Decision Reopen(ReopenCase command, ComplaintCase? state, DateTimeOffset now)
    {
        if (state is null) return Decision.NotFound(NoSuchCase);
        if (state.Status != CaseStatus.Replied || command.Reopened.OccurredAt <= state.RepliedAt) return Decision.Nothing;
        var round = state.Round + 1;
        return Decision.Accept(new CaseReopened(command.Reopened.Reason, round, now))
            .Then(Start(state.Id, DeadlineNames.Reply, round, command.Reopened.OccurredAt + command.Limits.ReplyFor(state.Kind), now));
    }

    /// <summary>A deadline's timer fired: the breach and the escalation, once, if its step is still not done.</summary>
    public static Decision Fire(DeadlineDue due, ComplaintCase? state, DateTimeOffset now) =>
        state is null ? Decision.Nothing
            : DeadlineDecisions.Fire(due, DeadlineRules.Find(state.Deadlines, due.Deadline, due.Round), now, d => Breach(d, now));

    private static Decision Start(Guid orderId, string name, int round, DateTimeOffset dueAt, DateTimeOffset now) =>
        DeadlineDecisions.Start(orderId, name, round, dueAt, token => new DeadlineStarted(name, round, dueAt, token, now));

    private static Decision Keep(DeadlineState? running, DateTimeOffset now) =>
        DeadlineDecisions.Keep(running, now, d => Breach(d, now), (d, onTime) => new DeadlineKept(d.Name, d.Round, d.DueAt, onTime, now));

    private static object[] Breach(DeadlineState deadline, DateTimeOffset now) =>
        [new DeadlineMissed(deadline.Name, deadline.Round, deadline.DueAt, DeadlineRules.LateBy(deadline, now), now),
         new CaseEscalated($"sla-breach:{deadline.Name}", now)];
}
