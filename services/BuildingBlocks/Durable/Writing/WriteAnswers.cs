using Microsoft.AspNetCore.Http;
using PowerMicro.ServiceDefaults.Input;

namespace PowerMicro.Durable.Writing;

/// <summary>How endpoints answer a <see cref="WriteResult{TState}"/>: 200 with the state, or a problem.</summary>
public static class WriteAnswers
{
    public const string ChangedConcurrentlyTitle = "Changed concurrently";

    /// <summary><paramref name="what"/> names the thing in the 409's detail; <paramref name="notFound"/> answers a NotFound rejection in the endpoint's words.</summary>
    public static IResult Answer<TState>(this WriteResult<TState> result, Func<TState, IResult> written, string what, Func<IResult>? notFound = null)
        where TState : class =>
        result switch
        {
            WriteResult<TState>.Written { State: { } state } => written(state),
            WriteResult<TState>.Refused { Rejection.Kind: RejectionKind.NotFound } when notFound is not null => notFound(),
            WriteResult<TState>.Refused refused => Problem(refused.Rejection),
            WriteResult<TState>.ChangedConcurrently => ApiResults.Conflict(ChangedConcurrentlyTitle,
                $"{what} kept changing while this request was handled; try again."),
            _ => throw new InvalidOperationException($"A request cannot end as {result.GetType().Name}."),
        };

    public static IResult Problem(Rejection rejection) => rejection.Kind switch
    {
        RejectionKind.NotFound => ApiResults.NotFound(rejection.Title, rejection.Detail),
        RejectionKind.Invalid => ApiResults.Invalid(rejection.Field ?? "body", rejection.Detail ?? rejection.Title),
        _ => ApiResults.Conflict(rejection.Title, rejection.Detail),
    };

    /// <summary>For consumers: a stream that kept changing is a passing failure, so the bus delivers the message again later.</summary>
    public static WriteResult<TState> ThrowIfChangedConcurrently<TState>(this WriteResult<TState> result) where TState : class =>
        result is WriteResult<TState>.ChangedConcurrently changed
            ? throw new InvalidOperationException("The stream kept changing; the message is retried.", changed.Conflict)
            : result;
}
