using Marten;
using PowerMicro.Durable.Scheduling;
using PowerMicro.Durable.Writing;

namespace PowerMicro.Durable.Deadlines;

/// <summary>
/// The queue a service's deadline timers are sent to (<c>{service}-deadlines</c>), and how a decision's timers
/// join its session: on the durable scheduler (<see cref="SessionScheduling"/>), so they commit with the events.
/// </summary>
public sealed class DeadlineQueue(string serviceName) : ISessionEffects
{
    public string Name { get; } = $"{serviceName}-deadlines";

    public Uri Address => new($"queue:{Name}");

    public bool TryApply(IDocumentSession session, Guid streamId, object effect, DateTimeOffset now)
    {
        switch (effect)
        {
            case DeadlineTimer.Schedule s:
                session.ScheduleSend(Address, s.DueAt, new DeadlineDue(streamId, s.Deadline, s.Round, s.DueAt), s.Token);
                return true;
            case DeadlineTimer.Cancel c:
                session.CancelScheduledSend(c.Token, now);
                return true;
            default:
                return false;
        }
    }
}
