using System.Data;
using System.Text.Json;
using Npgsql;
using PowerMicro.Contracts.Storage;

namespace PowerMicro.Check.Reading;

/// <summary>
/// Everything the checks look at in PostgreSQL, read in one repeatable-read transaction, so the four schemas
/// are seen at one moment even while the system runs.
/// </summary>
public sealed class SystemSnapshot
{
    public required DateTimeOffset Now { get; init; }
    public required IReadOnlyDictionary<string, ServiceStore> Stores { get; init; }
    public required IReadOnlyDictionary<Guid, OrderViewRow> Views { get; init; }
    public required IReadOnlyDictionary<Guid, CaseRow> WorkOrders { get; init; }
    public required IReadOnlyDictionary<Guid, CaseRow> Cases { get; init; }
    public required IReadOnlyDictionary<Guid, CallbackSagaRow> Sagas { get; init; }
    /// <summary>The sampling counter of each sampled subtype (callback's SamplingBlock documents).</summary>
    public required IReadOnlyDictionary<string, long> SamplingCounters { get; init; }

    private Dictionary<(string, Guid), List<StoredEvent>>? _streams;

    /// <summary>The events of one order's stream in one service, in stream order (empty when none).</summary>
    public IReadOnlyList<StoredEvent> Stream(string service, Guid orderId)
    {
        _streams ??= Stores.Values.SelectMany(s => s.Events).GroupBy(e => (e.Service, e.OrderId))
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Version).ToList());
        return _streams.TryGetValue((service, orderId), out var events) ? events : [];
    }

    public IEnumerable<StoredEvent> Events(string service, string type) => Stores[service].Events.Where(e => e.Type == type);

    public static async Task<SystemSnapshot> ReadAsync(Running.CheckOptions options, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.Postgres);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var readOnly = new NpgsqlCommand("set transaction read only", connection, transaction))
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
        var reader = new Reader(connection, transaction, cancellationToken);

        var now = await reader.Scalar<DateTime>("select now()");
        var stores = new Dictionary<string, ServiceStore>();
        foreach (var service in Running.CheckOptions.Services)
            stores[service] = await reader.Store(service, options.Schema(service));

        var snapshot = new SystemSnapshot
        {
            Now = new DateTimeOffset(DateTime.SpecifyKind(now, DateTimeKind.Utc)),
            Stores = stores,
            Views = await reader.Views(options.Schema("intake")),
            WorkOrders = await reader.Cases(options.Schema("dispatch"), "mt_doc_work_order"),
            Cases = await reader.Cases(options.Schema("complaint"), "mt_doc_complaintcase"),
            Sagas = await reader.Sagas(options.Schema("callback")),
            SamplingCounters = await reader.SamplingCounters(options.Schema("callback")),
        };
        await transaction.CommitAsync(cancellationToken);
        return snapshot;
    }

    private sealed class Reader(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        public async Task<T> Scalar<T>(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        private async Task<bool> Exists(string schema, string table) =>
            await Scalar<bool>($"select to_regclass('{schema}.{table}') is not null");

        private async Task<List<T>> Rows<T>(string sql, Func<NpgsqlDataReader, T> map)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            var list = new List<T>();
            while (await rows.ReadAsync(cancellationToken)) list.Add(map(rows));
            return list;
        }

        public async Task<ServiceStore> Store(string service, string schema)
        {
            if (!await Exists(schema, "mt_events"))
                return new ServiceStore(service, schema, false, [], 0, new HashSet<Guid>(), 0);

            // Tombstones are Marten's fillers for sequence numbers a failed transaction reserved (their own stream): not order
            // events; nor is intake's public journal for integrators (its own streams, a copy of what the services published).
            var events = await Rows(
                $"""
                 select seq_id, stream_id, version, type, timestamp,
                        case when jsonb_typeof(data->'Round') = 'number' then (data->>'Round')::int end,
                        data->>'Kind', data->>'Subtype', data->>'Need', data->>'Outcome', data->>'Reason',
                        case when jsonb_typeof(data->'AppointmentService') = 'boolean' then (data->>'AppointmentService')::boolean end
                 from {schema}.mt_events
                 where stream_id is not null and type not in ('tombstone', '{PublicJournalNames.StoredEventType}') and not coalesce(is_archived, false) order by seq_id
                 """,
                r => new StoredEvent(service, r.GetInt64(0), r.GetGuid(1), r.GetInt64(2), string.Intern(r.GetString(3)),
                    r.GetFieldValue<DateTimeOffset>(4), r.IsDBNull(5) ? null : r.GetInt32(5), Word(r, 6), Word(r, 7), Word(r, 8),
                    Word(r, 9), Word(r, 10), r.IsDBNull(11) ? null : r.GetBoolean(11)));

            long checkpoint = 0;
            if (await Exists(schema, "mt_event_progression"))
                checkpoint = (await Rows($"select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name like 'event-relay%'",
                    r => r.GetInt64(0))).Single();

            var timers = new HashSet<Guid>();
            if (await Exists(schema, "mt_doc_scheduled_message"))
                timers.UnionWith(await Rows(
                    $"select id from {schema}.mt_doc_scheduled_message where not coalesce((data->>'Cancelled')::boolean, false)",
                    r => r.GetGuid(0)));

            long deadLetters = 0;
            if (await Exists(schema, "mt_doc_deadletterevent"))
                deadLetters = await Scalar<long>($"select count(*) from {schema}.mt_doc_deadletterevent");

            return new ServiceStore(service, schema, true, events, checkpoint, timers, deadLetters);
        }

        public async Task<Dictionary<Guid, OrderViewRow>> Views(string schema)
        {
            if (!await Exists(schema, "mt_doc_orderview")) return [];
            var rows = await Rows($"select id, data->>'Kind', data->>'Status', data->'Timeline' from {schema}.mt_doc_orderview",
                r => new OrderViewRow(r.GetGuid(0), Text(r, 1) ?? "", Text(r, 2) ?? "", Timeline(r.IsDBNull(3) ? null : r.GetString(3))));
            return rows.ToDictionary(v => v.OrderId);
        }

        public async Task<Dictionary<Guid, CaseRow>> Cases(string schema, string table)
        {
            if (!await Exists(schema, table)) return [];
            var rows = await Rows(
                $"select id, data->>'Status', coalesce((data->>'Round')::int, 1), data->'Deadlines' from {schema}.{table}",
                r => new CaseRow(r.GetGuid(0), Text(r, 1) ?? "", r.GetInt32(2), Deadlines(r.IsDBNull(3) ? null : r.GetString(3))));
            return rows.ToDictionary(c => c.OrderId);
        }

        public async Task<Dictionary<Guid, CallbackSagaRow>> Sagas(string schema)
        {
            if (!await Exists(schema, "mt_doc_callbackstate")) return [];
            var rows = await Rows(
                $"select id, data->>'Status', coalesce((data->>'Round')::int, 0), (data->>'DueTokenId')::uuid from {schema}.mt_doc_callbackstate",
                r => new CallbackSagaRow(r.GetGuid(0), Text(r, 1) ?? "", r.GetInt32(2), r.IsDBNull(3) ? null : r.GetGuid(3)));
            return rows.ToDictionary(s => s.OrderId);
        }

        public async Task<Dictionary<string, long>> SamplingCounters(string schema)
        {
            if (!await Exists(schema, "mt_doc_samplingblock")) return [];
            var rows = await Rows($"select id, coalesce((data->>'Completions')::bigint, 0) from {schema}.mt_doc_samplingblock",
                r => (r.GetString(0), r.GetInt64(1)));
            return rows.ToDictionary(x => x.Item1, x => x.Item2);
        }

        private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

        /// <summary>A value of a small set (kinds, subtypes, outcomes…), kept once however many events carry it.</summary>
        private static string? Word(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : string.Intern(r.GetString(i));

        private static List<TimelineItem> Timeline(string? json)
        {
            if (json is null) return [];
            using var document = JsonDocument.Parse(json);
            return document.RootElement.EnumerateArray()
                .Select(t => new TimelineItem(t.GetProperty("Type").GetString() ?? "", t.GetProperty("Service").GetString() ?? "",
                    t.GetProperty("Sequence").GetInt64()))
                .ToList();
        }

        private static List<DeadlineRow> Deadlines(string? json)
        {
            if (json is null) return [];
            using var document = JsonDocument.Parse(json);
            return document.RootElement.EnumerateArray().Select(d => new DeadlineRow(
                    d.GetProperty("Name").GetString() ?? "",
                    d.TryGetProperty("Round", out var round) && round.ValueKind == JsonValueKind.Number ? round.GetInt32() : 1,
                    d.TryGetProperty("TokenId", out var token) && token.ValueKind == JsonValueKind.String ? token.GetGuid() : Guid.Empty,
                    d.TryGetProperty("MetAt", out var met) && met.ValueKind == JsonValueKind.String,
                    d.TryGetProperty("Breached", out var breached) && breached.ValueKind == JsonValueKind.True
                    || d.TryGetProperty("BreachedAt", out var at) && at.ValueKind == JsonValueKind.String))
                .ToList();
        }
    }
}
