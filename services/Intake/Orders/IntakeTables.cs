using Marten;
using Npgsql;

namespace PowerMicro.Intake.Orders;

/// <summary>
/// The two objects of intake's schema that are plain SQL rather than Marten documents: the order-number
/// sequence and the idempotency-key table (a primary key makes concurrent duplicates fail atomically).
/// Created once per process on first use; safe when several instances start together.
/// </summary>
public sealed class IntakeTables(NpgsqlDataSource dataSource, StoreOptions store)
{
    private readonly SemaphoreSlim _ensure = new(1, 1);
    private volatile bool _ready;

    public string OrderNumberSequence => $"{store.DatabaseSchemaName}.order_number";
    public string IdempotencyKeys => $"{store.DatabaseSchemaName}.idempotency_keys";

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready) return;
        await _ensure.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; !_ready; attempt++)
            {
                await using var create = dataSource.CreateCommand(
                    $"create schema if not exists {store.DatabaseSchemaName}; " +
                    $"create sequence if not exists {OrderNumberSequence}; " +
                    $"create table if not exists {IdempotencyKeys} (key text primary key, body_hash text not null, " +
                    "order_id uuid not null, created_at timestamptz not null)");
                try
                {
                    await create.ExecuteNonQueryAsync(cancellationToken);
                    _ready = true;
                }
                catch (PostgresException ex) when (attempt < 5 && ex.SqlState is PostgresErrorCodes.UniqueViolation
                                                       or PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.DuplicateTable
                                                       or PostgresErrorCodes.DuplicateSchema)
                {
                    // Another instance (or Marten) was creating the schema at the same moment: try again.
                    await Task.Delay(50 * attempt, cancellationToken);
                }
            }
        }
        finally
        {
            _ensure.Release();
        }
    }
}
