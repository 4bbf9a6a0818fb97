using PowerMicro.Check.Reading;

namespace PowerMicro.Check.Checks;

/// <summary>A completion a handling service recorded: intake's answer, dispatch's completed work, complaint's reply.</summary>
public sealed record Completion(Guid OrderId, int Round, StoredEvent Event);

public static class Completions
{
    /// <summary>Every completion of every order, with its round (intake's answers count 1, 2, … in stream order).</summary>
    public static IReadOnlyList<Completion> ByServices(SystemSnapshot snapshot)
    {
        var intake = snapshot.Events("intake", EventCatalog.CompletedAtIntake).GroupBy(e => e.OrderId)
            .SelectMany(g => g.OrderBy(e => e.Version).Select((e, i) => new Completion(e.OrderId, i + 1, e)));
        var dispatch = snapshot.Events("dispatch", EventCatalog.WorkCompleted).Select(e => new Completion(e.OrderId, e.Round ?? 1, e));
        var complaint = snapshot.Events("complaint", EventCatalog.CaseReplied).Select(e => new Completion(e.OrderId, e.Round ?? 1, e));
        return intake.Concat(dispatch).Concat(complaint).ToList();
    }

    /// <summary>An event of the callback stream per (order, round).</summary>
    public static ILookup<(Guid, int), StoredEvent> ByRound(SystemSnapshot snapshot, string type) =>
        snapshot.Events("callback", type).ToLookup(e => (e.OrderId, e.Round ?? 0));
}
