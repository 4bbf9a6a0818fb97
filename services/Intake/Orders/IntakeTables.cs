using Marten;
using PowerMicro.Durable.EventStore;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace PowerMicro.Intake.Orders;

/// <summary>
/// The two objects of intake's schema that are plain SQL rather than Marten documents: the order-number
/// sequence and the idempotency-key table (a primary key makes concurrent duplicates fail atomically).
/// Registered with the store (<see cref="Register"/>), so the schema warm-up creates and updates them with the
/// rest of intake's schema.
/// </summary>
public sealed class IntakeTables(StoreOptions store, SchemaWarmup warmup)
{
    private const string SequenceName = "order_number";
    private const string KeysTableName = "idempotency_keys";

    /// <summary>How long a request that comes before the schema is applied waits for it (then 503).</summary>
    private static readonly TimeSpan SchemaWait = TimeSpan.FromSeconds(10);

    public string OrderNumberSequence => $"{store.DatabaseSchemaName}.{SequenceName}";
    public string IdempotencyKeys => $"{store.DatabaseSchemaName}.{KeysTableName}";

    /// <summary>Adds both to the store's schema; call once the schema name is set.</summary>
    public static void Register(StoreOptions options)
    {
        var schema = options.DatabaseSchemaName;
        options.Storage.ExtendedSchemaObjects.Add(new Sequence(Name(schema, SequenceName)));
        var keys = new Table(Name(schema, KeysTableName));
        keys.AddColumn("key", "text").AsPrimaryKey();
        keys.AddColumn("body_hash", "text").NotNull();
        keys.AddColumn("order_id", "uuid").NotNull();
        keys.AddColumn("created_at", "timestamp with time zone").NotNull();
        // PostgreSQL's own name for it, as the table was first created by hand: existing databases need no change.
        keys.PrimaryKeyName = $"{KeysTableName}_pkey";
        options.Storage.ExtendedSchemaObjects.Add(keys);
    }

    private static PostgresqlObjectName Name(string schema, string name) => new(schema, name, SchemaUtils.IdentifierUsage.General);

    /// <summary>
    /// Returns once the schema warm-up has applied the schema (at once after start-up). A request that came
    /// first waits for it; if PostgreSQL is down the wait times out and the request answers 503.
    /// </summary>
    public Task EnsureAsync(CancellationToken cancellationToken) =>
        warmup.Applied.IsCompleted ? Task.CompletedTask : warmup.Applied.WaitAsync(SchemaWait, cancellationToken);
}
