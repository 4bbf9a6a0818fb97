using System.Diagnostics;
using Marten;
using Microsoft.Extensions.Logging;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Inbox;
using PowerMicro.Durable.Relay;
using PowerMicro.Durable.Resilience;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Durable.Writing;

/// <summary>
/// THE way every command is written, in every service: open a traced transactional session, (inbox,) load the
/// stream with its version (FetchForWriting), prepare, decide (pure), append the events with the expected
/// version, apply the decision's effects (deadline timers) and join other documents in the same session,
/// save. One transaction: events, documents, timers and outbox rows commit together or not at all.
/// <para>
/// The conflict policy, the only one: when another writer changed the stream (or a joined document) first, the
/// save fails; the command is decided again on freshly loaded state, up to <see cref="Attempts"/> times in all.
/// Still conflicting, nothing is written and the result is <see cref="WriteResult{TState}.ChangedConcurrently"/>:
/// a request answers 409 "Changed concurrently" (<see cref="WriteAnswers"/>), a consumer throws so the bus
/// delivers the message again later (a passing failure).
/// </para>
/// Each write is an activity "write {aggregate}" tagged with <c>powermicro.order_id</c> (the stream id).
/// </summary>
public sealed class AggregateWriter(IDocumentStore store, TimeProvider clock, ILogger<AggregateWriter> logger, IEnumerable<ISessionEffects> effects)
{
    public const int Attempts = 3;

    public async Task<WriteResult<TState>> Write<TState, TCommand>(Guid streamId, TCommand command,
        Func<TCommand, TState?, DateTimeOffset, Decision> decide, WriteSteps<TState, TCommand>? steps = null,
        CancellationToken cancellationToken = default)
        where TState : class, IAggregate<TState>
    {
        using var activity = PowerMicroActivity.Source.StartActivity($"write {typeof(TState).Name}");
        activity?.SetTag(PowerMicroActivity.OrderIdTag, streamId.ToString());
        activity?.SetTag("powermicro.command", typeof(TCommand).Name);
        for (var attempt = 1; ; attempt++)
        {
            activity?.SetTag("powermicro.write_attempts", attempt);
            try
            {
                return await Once(streamId, command, decide, steps, cancellationToken);
            }
            catch (Exception ex) when (PassingFailures.IsConflict(ex))
            {
                if (attempt >= Attempts)
                {
                    logger.LogWarning("{Aggregate} {StreamId} changed concurrently {Attempts} times; {Command} not written",
                        typeof(TState).Name, streamId, attempt, typeof(TCommand).Name);
                    activity?.SetStatus(ActivityStatusCode.Error, "changed concurrently");
                    return new WriteResult<TState>.ChangedConcurrently(ex);
                }
            }
        }
    }

    /// <summary>
    /// Decides and appends a command on another stream inside <paramref name="session"/> (a join of a larger write):
    /// nothing is saved here; a rejection appends nothing. Returns the change, or null when rejected.
    /// </summary>
    public async Task<Change<TState>?> DecideInSession<TState, TCommand>(IDocumentSession session, Guid streamId, TCommand command,
        Func<TCommand, TState?, DateTimeOffset, Decision> decide, CancellationToken cancellationToken)
        where TState : class, IAggregate<TState>
    {
        var stream = await session.Events.FetchForWriting<TState>(streamId, cancellationToken);
        var now = clock.GetUtcNow();
        var decision = decide(command, stream.Aggregate, now);
        if (decision.Rejected) return null;
        return Append(session, stream, decision, now);
    }

    private async Task<WriteResult<TState>> Once<TState, TCommand>(Guid streamId, TCommand command,
        Func<TCommand, TState?, DateTimeOffset, Decision> decide, WriteSteps<TState, TCommand>? steps, CancellationToken cancellationToken)
        where TState : class, IAggregate<TState>
    {
        await using var session = await store.OpenTracedSessionAsync(cancellationToken);
        if (steps?.Inbox is var (consumer, messageId)
            && !await session.TryBeginHandling(consumer, messageId, clock.GetUtcNow(), cancellationToken))
            return new WriteResult<TState>.AlreadyHandled();

        var stream = steps?.NewStream == true ? null : await session.Events.FetchForWriting<TState>(streamId, cancellationToken);
        if (steps?.Prepare is { } prepare) command = await prepare(session, stream?.Aggregate, command, cancellationToken);
        var now = clock.GetUtcNow();
        var decision = decide(command, stream?.Aggregate, now);
        if (decision.Rejection is { } rejection) return new WriteResult<TState>.Refused(rejection);

        var change = stream is null ? Start<TState>(session, streamId, decision, now) : Append(session, stream, decision, now);
        if (change.Events.Count > 0 && steps?.Join is { } join) await join(session, change, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        return new WriteResult<TState>.Written(change.After, change.Events);
    }

    private Change<TState> Append<TState>(IDocumentSession session, JasperFx.Events.IEventStream<TState> stream, Decision decision, DateTimeOffset now)
        where TState : class, IAggregate<TState>
    {
        if (decision.Events.Count > 0) stream.AppendMany(decision.Events);
        ApplyEffects(session, stream.Id, decision, now);
        return new Change<TState>(stream.Id, stream.Aggregate, IAggregate<TState>.Fold(stream.Aggregate, decision.Events),
            decision.Events, (stream.StartingVersion ?? 0) + decision.Events.Count, now);
    }

    private Change<TState> Start<TState>(IDocumentSession session, Guid streamId, Decision decision, DateTimeOffset now)
        where TState : class, IAggregate<TState>
    {
        if (decision.Events.Count > 0) session.Events.StartStream(streamId, decision.Events.ToArray());
        ApplyEffects(session, streamId, decision, now);
        return new Change<TState>(streamId, null, IAggregate<TState>.Fold(null, decision.Events), decision.Events, decision.Events.Count, now);
    }

    private void ApplyEffects(IDocumentSession session, Guid streamId, Decision decision, DateTimeOffset now)
    {
        foreach (var effect in decision.Effects)
            if (!effects.Any(e => e.TryApply(session, streamId, effect, now)))
                throw new InvalidOperationException($"No ISessionEffects applies {effect.GetType().Name} (is AddDeadlines missing?).");
    }
}
