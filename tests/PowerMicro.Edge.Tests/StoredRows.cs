using Npgsql;

namespace PowerMicro.Edge.Tests;

/// <summary>
/// Every stored row of the given schemas (event streams, documents and read models, idempotency keys, order numbers,
/// timers), as one text per table (row count and a hash of the rows), so before and after can be compared.
/// </summary>
public static class StoredRows
{
    /// <param name="schemaPrefix">Only schemas whose name starts with it; null: every schema of the database but the system's.</param>
    public static async Task<SortedDictionary<string, string>> ReadAsync(string postgres, string? schemaPrefix)
    {
        var state = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        var tables = new List<(string Schema, string Table)>();
        await using (var list = new NpgsqlCommand(
                         "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE' and " +
                         (schemaPrefix is null ? "table_schema not in ('pg_catalog', 'information_schema')" : "table_schema like @prefix"), connection))
        {
            if (schemaPrefix is not null) list.Parameters.AddWithValue("prefix", schemaPrefix + "%");
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (schema, table) in tables)
        {
            // The daemon's checkpoints carry a heartbeat time: compare how far each got, not when it last looked.
            var rows = table == "mt_event_progression" ? "name || '=' || last_seq_id" : "t::text";
            await using var read = new NpgsqlCommand(
                $"select count(*)::text || ':' || coalesce(md5(string_agg({rows}, '|' order by {rows})), '') from \"{schema}\".\"{table}\" t", connection);
            state[$"{schema}.{table}"] = (string)(await read.ExecuteScalarAsync())!;
        }
        return state;
    }

    /// <summary>
    /// Every event store of the given schemas has been read to its end by its daemon: the high-water mark and every
    /// projection's (and relay's) progress have reached the last stored event. A sequence number an aborted append
    /// used leaves a gap the high-water mark passes only once the gap is old enough, which can be after a quiet
    /// moment; until then the daemon's own tables still change. (The daemon's other HighWater* rows are bookkeeping,
    /// e.g. where a gap was stuck, not progress.)
    /// </summary>
    public static async Task<bool> DaemonsCaughtUpAsync(string postgres, string? schemaPrefix)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        var schemas = new List<string>();
        await using (var list = new NpgsqlCommand(
                         "select table_schema from information_schema.tables where table_name = 'mt_event_progression' and " +
                         (schemaPrefix is null ? "table_schema not in ('pg_catalog', 'information_schema')" : "table_schema like @prefix"), connection))
        {
            if (schemaPrefix is not null) list.Parameters.AddWithValue("prefix", schemaPrefix + "%");
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) schemas.Add(reader.GetString(0));
        }
        foreach (var schema in schemas)
        {
            await using var behind = new NpgsqlCommand(
                $"select exists (select 1 from \"{schema}\".mt_event_progression where (name = 'HighWaterMark' or name not like 'HighWater%') and last_seq_id < (select coalesce(max(seq_id), 0) from \"{schema}\".mt_events))",
                connection);
            if ((bool)(await behind.ExecuteScalarAsync())!) return false;
        }
        return true;
    }
}
