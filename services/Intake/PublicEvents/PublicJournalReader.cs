using CloudNative.CloudEvents;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace PowerMicro.Intake.PublicEvents;

public sealed record JournalEvent(long Position, CloudEvent CloudEvent);

/// <summary>A page of the journal after a cursor, and the cursor to continue from.</summary>
public sealed record JournalPage(IReadOnlyList<JournalEvent> Events, long Cursor, bool HasMore);

/// <summary>
/// Reads the public journal in commit order for the catch-up feed and the webhooks: only events below Marten's
/// high water mark (every event before it has committed), so an event that commits late is never behind a cursor
/// already handed out. With nothing more to read, the cursor moves up to the high water mark.
/// </summary>
public static class PublicJournalReader
{
    public static async Task<JournalPage> ReadAsync(IDocumentStore store, NpgsqlDataSource database, long after, int limit,
        string? kind, string? contractType, CancellationToken cancellationToken)
    {
        await EnsureEventTablesAsync(store, cancellationToken);
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            with mark as (select coalesce((select last_seq_id from {schema}.mt_event_progression where name = 'HighWaterMark'), 0) as hwm)
            select e.seq_id, e.version, e.data, mark.hwm from mark
            left join {schema}.mt_events e on e.type = '{PublicOrderEvent.StoredTypeName}' and e.seq_id > @after and e.seq_id <= mark.hwm
              and (@kind::text is null or e.data->>'Kind' = @kind) and (@type::text is null or e.data->>'Type' = @type)
            order by e.seq_id limit @limit
            """, connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", limit + 1);
        command.Parameters.Add(new NpgsqlParameter<string?>("kind", kind));
        command.Parameters.Add(new NpgsqlParameter<string?>("type", contractType));

        var serializer = store.Options.Serializer();
        var events = new List<JournalEvent>();
        var highWaterMark = after;
        var last = after;
        var more = false;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                highWaterMark = reader.GetInt64(3);
                if (reader.IsDBNull(0)) break;
                if (events.Count == limit)
                {
                    more = true;
                    break;
                }
                last = reader.GetInt64(0);
                var entry = serializer.FromJson<PublicOrderEvent>(reader, 2);
                events.Add(new JournalEvent(last, PublicCloudEvents.From(entry, reader.GetInt64(1), last)));
            }
        }
        return new JournalPage(events, more ? last : Math.Max(last, highWaterMark), more);
    }

    /// <summary>How many matching events wait after the cursor (below the high water mark).</summary>
    public static async Task<long> CountAfterAsync(IDocumentStore store, NpgsqlDataSource database, long after, string? kind, string? contractType,
        CancellationToken cancellationToken)
    {
        await EnsureEventTablesAsync(store, cancellationToken);
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            select count(*) from {schema}.mt_events e where e.type = '{PublicOrderEvent.StoredTypeName}' and e.seq_id > @after
              and e.seq_id <= coalesce((select last_seq_id from {schema}.mt_event_progression where name = 'HighWaterMark'), 0)
              and (@kind::text is null or e.data->>'Kind' = @kind) and (@type::text is null or e.data->>'Type' = @type)
            """, connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.Add(new NpgsqlParameter<string?>("kind", kind));
        command.Parameters.Add(new NpgsqlParameter<string?>("type", contractType));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A fresh store has no event tables until the first append or the daemon's start: the raw SQL above needs them.</summary>
    private static ValueTask EnsureEventTablesAsync(IDocumentStore store, CancellationToken cancellationToken) =>
        store.Storage.Database.EnsureStorageExistsAsync(typeof(IEvent), cancellationToken);
}
