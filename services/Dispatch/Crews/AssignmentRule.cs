namespace PowerMicro.Dispatch.Crews;

/// <summary>
/// THE assignment rule of the dispatch service, in one place.
/// <list type="number">
/// <item>Which crew: among the crews whose areas include the work order's area and whose open load (work orders
/// dispatched to it or on site) is below its capacity, the one with the least open load; ties by name, then id.</item>
/// <item>No such crew: the work order waits. Waiting work orders are served in <see cref="QueueOrder"/>:
/// level-1 load importance first (一级负荷: hospitals, safety), then tier A customers (green channel), then
/// everyone else; within each group by the order's Priority number (1 most urgent), then by receipt time.</item>
/// <item>When a crew frees up (a work order completes), it takes the first waiting work orders of its areas in that
/// order until it is at capacity again.</item>
/// </list>
/// The arrival deadline runs from receipt whether or not a crew was free (a waiting order can breach it).
/// </summary>
public static class AssignmentRule
{
    /// <summary>0 for load importance 1, 1 for tier A, 2 for the rest: the first key of the waiting queue.</summary>
    public static int Urgency(int importance, string tier) => importance == 1 ? 0 : tier == "A" ? 1 : 2;

    /// <summary>The crew to take a work order of <paramref name="area"/>, or null when every crew of the area is full.</summary>
    public static Crew? Choose(IEnumerable<Crew> roster, string area, IReadOnlyDictionary<string, int> openLoad) =>
        roster.Where(c => c.Serves(area))
            .Select(c => (Crew: c, Load: openLoad.GetValueOrDefault(c.Id)))
            .Where(c => c.Load < c.Crew.Capacity)
            .OrderBy(c => c.Load)
            .ThenBy(c => c.Crew.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Crew.Id, StringComparer.Ordinal)
            .Select(c => c.Crew)
            .FirstOrDefault();

    /// <summary>The waiting queue's order (as a comparison key): urgency group, priority number, receipt time.</summary>
    public static (int Urgency, int Priority, DateTimeOffset ReceivedAt) QueueOrder(int urgency, int priority, DateTimeOffset receivedAt) =>
        (urgency, priority, receivedAt);
}
