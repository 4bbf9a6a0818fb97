using Marten;
using Npgsql;
using PowerMicro.Intake.Orders;

namespace PowerMicro.Intake.TakeOrder;

/// <summary>
/// Idempotency-Key → (hash of the body, order). Requests with the same key are serialised by a
/// transaction-scoped advisory lock on the key, taken in the new order's own transaction; the key is
/// written in that transaction, so the next holder of the lock finds it and answers with that order.
/// </summary>
public sealed class IdempotencyKeys(NpgsqlDataSource dataSource, IntakeTables tables)
{
    public sealed record Entry(string BodyHash, Guid OrderId);

    public async Task<Entry?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await tables.EnsureAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, key, cancellationToken);
    }

    /// <summary>Waits for the key inside the session's transaction and returns what an earlier request stored, if any.</summary>
    public async Task<Entry?> LockAsync(IDocumentSession session, string key, CancellationToken cancellationToken)
    {
        await tables.EnsureAsync(cancellationToken);
        var connection = session.Connection ?? throw new InvalidOperationException("The session has no open transaction.");
        await using (var wait = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended($1, 0))", connection))
        {
            wait.Parameters.Add(new NpgsqlParameter { Value = key });
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }
        return await ReadAsync(connection, key, cancellationToken);
    }

    private async Task<Entry?> ReadAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        await using var find = new NpgsqlCommand($"select body_hash, order_id from {tables.IdempotencyKeys} where key = $1", connection);
        find.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new Entry(reader.GetString(0), reader.GetGuid(1)) : null;
    }

    public void Record(IDocumentSession session, string key, string bodyHash, Guid orderId, DateTimeOffset at) =>
        session.QueueSqlCommand($"insert into {tables.IdempotencyKeys} (key, body_hash, order_id, created_at) values (?, ?, ?, ?)",
            key, bodyHash, orderId, at);

    public static bool IsDuplicate(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
        return false;
    }
}
