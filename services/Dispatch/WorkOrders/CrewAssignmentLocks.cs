using Marten;
using Npgsql;
using PowerMicro.Dispatch.Crews;

namespace PowerMicro.Dispatch.WorkOrders;

/// <summary>
/// What assigning crews reads, under PostgreSQL transaction-scoped advisory locks of the areas involved: several
/// dispatch instances never overbook a crew, and areas no crew shares are dispatched in parallel.
/// </summary>
public sealed class CrewAssignmentLocks(IDocumentStore store, CrewRoster roster)
{
    /// <summary>Locks every area of every crew serving <paramref name="area"/>, then reads those crews' open load.</summary>
    public async Task<CrewsAvailable> ForArea(IDocumentSession session, string area, Guid excluding, CancellationToken ct)
    {
        await Lock(session, roster.ServingArea(area).SelectMany(c => c.Areas).Append(area), ct);
        var crews = roster.ServingArea(area);
        return new CrewsAvailable(crews, await OpenLoad(session, crews.Select(c => c.Id).ToArray(), excluding, ct));
    }

    /// <summary>
    /// Takes the assignment locks of <paramref name="areas"/> until the transaction ends, in key order (no deadlock
    /// between two changes). A crew's load can change only under the locks of all its areas: assigning in an area
    /// locks every area of every crew serving it, freeing a crew locks all of that crew's areas; so two changes
    /// that could both touch one crew always share a lock and run one after the other.
    /// </summary>
    public async Task Lock(IDocumentSession session, IEnumerable<string> areas, CancellationToken ct)
    {
        var keys = areas.Distinct(StringComparer.Ordinal).Select(a => AssignmentLockKey(store.Options.DatabaseSchemaName, a)).Order().ToArray();
        if (keys.Length == 0) return;
        // one round trip; the select list is evaluated left to right, so the locks are taken in key order
        await using var command = new NpgsqlCommand(
            "select " + string.Join(", ", keys.Select((_, i) => $"pg_advisory_xact_lock(@k{i})")), session.Connection);
        for (var i = 0; i < keys.Length; i++) command.Parameters.AddWithValue($"k{i}", keys[i]);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Open work orders (dispatched or on site) per crew, counted in the database under the assignment lock.</summary>
    public async Task<Dictionary<string, int>> OpenLoad(IDocumentSession session, string[] crewIds, Guid excluding, CancellationToken ct)
    {
        var load = new Dictionary<string, int>(StringComparer.Ordinal);
        if (crewIds.Length == 0) return load;
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(WorkOrder), ct);
        await using var command = new NpgsqlCommand(
            $"select crew, count(*)::int from {store.Options.DatabaseSchemaName}.mt_doc_{WorkOrder.Alias} " +
            "where status = any(@open) and crew = any(@crews) and id <> @excluding group by crew", session.Connection);
        command.Parameters.AddWithValue("open", WorkOrderStatus.Open);
        command.Parameters.AddWithValue("crews", crewIds);
        command.Parameters.AddWithValue("excluding", excluding);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) load[reader.GetString(0)] = reader.GetInt32(1);
        return load;
    }

    /// <summary>A stable key (the same in every instance) for the assignment lock of an area in a schema.</summary>
    private static long AssignmentLockKey(string schema, string area)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in "powermicro.dispatch.assignment:" + schema + ":" + area) hash = (hash ^ c) * 1099511628211UL;
        return unchecked((long)hash);
    }
}
