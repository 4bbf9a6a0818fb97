using Marten;

namespace PowerMicro.Durable.Writing;

/// <summary>
/// What a write does besides load → decide → append → save, all in the same session (one transaction).
/// </summary>
public sealed class WriteSteps<TState, TCommand> where TState : class
{
    /// <summary>The inbox record of a consumed message: a message handled before changes nothing.</summary>
    public (string Consumer, Guid? MessageId)? Inbox { get; init; }

    /// <summary>
    /// The stream is new (its id was just made): nothing is loaded, the events start it, and a stream of that id
    /// already there is a conflict.
    /// </summary>
    public bool NewStream { get; init; }

    /// <summary>
    /// Before deciding, on the loaded state: take locks, read what the decision needs from other documents and
    /// return the command completed with it (the decision itself stays pure).
    /// </summary>
    public Func<IDocumentSession, TState?, TCommand, CancellationToken, Task<TCommand>>? Prepare { get; init; }

    /// <summary>After an accepted decision with events, before the save: other documents or streams that change with it.</summary>
    public Func<IDocumentSession, Change<TState>, CancellationToken, Task>? Join { get; init; }
}

/// <summary>The state before and after the events a decision appended to stream <see cref="StreamId"/>, at <see cref="Now"/>.</summary>
public sealed record Change<TState>(Guid StreamId, TState? Before, TState? After, IReadOnlyList<object> Events, long Version, DateTimeOffset Now)
    where TState : class;
