namespace PowerMicro.Durable.Writing;

/// <summary>Why a command was refused; the endpoint answers it as a 4xx problem (see <see cref="WriteAnswers"/>).</summary>
public sealed record Rejection(RejectionKind Kind, string Title, string? Detail = null, string? Field = null);

public enum RejectionKind
{
    /// <summary>No such stream (404).</summary>
    NotFound,
    /// <summary>The state does not allow the command (409).</summary>
    Conflict,
    /// <summary>The command does not fit this stream (400, naming <see cref="Rejection.Field"/>).</summary>
    Invalid,
}

/// <summary>
/// What a pure Decide function came to: the events to append and the effects that join the same session
/// (deadline timers to schedule or cancel, applied by an <see cref="ISessionEffects"/>), or a <see cref="Rejection"/>.
/// No events, no effects and no rejection: nothing to do (an idempotent repeat).
/// </summary>
public sealed record Decision(IReadOnlyList<object> Events, IReadOnlyList<object> Effects, Rejection? Rejection = null)
{
    public static readonly Decision Nothing = new([], []);

    public bool Rejected => Rejection is not null;

    public static Decision Accept(params object[] events) => new(events, []);

    public static Decision Reject(RejectionKind kind, string title, string? detail = null, string? field = null) =>
        new([], [], new Rejection(kind, title, detail, field));

    public static Decision NotFound(string title, string? detail = null) => Reject(RejectionKind.NotFound, title, detail);

    public static Decision Conflict(string title, string? detail = null) => Reject(RejectionKind.Conflict, title, detail);

    public static Decision Invalid(string field, string message) => Reject(RejectionKind.Invalid, "The request is not valid.", message, field);

    /// <summary>This decision followed by <paramref name="next"/> (a rejection in either wins).</summary>
    public Decision Then(Decision next) =>
        Rejected ? this : next.Rejected ? next : new([.. Events, .. next.Events], [.. Effects, .. next.Effects]);

    public Decision With(params object[] events) => Then(Accept(events));

    public Decision WithEffect(object effect) => Rejected ? this : this with { Effects = [.. Effects, effect] };
}
