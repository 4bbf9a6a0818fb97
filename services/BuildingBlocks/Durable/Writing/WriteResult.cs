namespace PowerMicro.Durable.Writing;

/// <summary>What <see cref="AggregateWriter"/> did with a command.</summary>
public abstract record WriteResult<TState> where TState : class
{
    /// <summary>The decision was written (possibly nothing); State is the stream's state after it.</summary>
    public sealed record Written(TState? State, IReadOnlyList<object> Events) : WriteResult<TState>;

    /// <summary>The command was refused; nothing changed.</summary>
    public sealed record Refused(Rejection Rejection) : WriteResult<TState>;

    /// <summary>The message was handled before (inbox); nothing changed.</summary>
    public sealed record AlreadyHandled : WriteResult<TState>;

    /// <summary>The stream kept changing under the command <see cref="AggregateWriter.Attempts"/> times; nothing changed.</summary>
    public sealed record ChangedConcurrently(Exception Conflict) : WriteResult<TState>;
}
