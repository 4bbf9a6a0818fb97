using Marten;
using Npgsql;

namespace PowerMicro.Intake.Orders;

/// <summary>
/// Human-readable order numbers: the receipt date and a PostgreSQL sequence, e.g. 20261123000042.
/// The sequence is shared by every intake instance, so numbers never repeat.
/// </summary>
public sealed class OrderNumbers(NpgsqlDataSource dataSource, StoreOptions store)
{
    private readonly SemaphoreSlim _ensure = new(1, 1);
    private volatile bool _ready;

    private string Sequence => $"{store.DatabaseSchemaName}.order_number";

    public async Task<string> NextAsync(DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await EnsureSequenceAsync(cancellationToken);
        await using var next = dataSource.CreateCommand($"select nextval('{Sequence}')");
        var value = (long)(await next.ExecuteScalarAsync(cancellationToken))!;
        return $"{receivedAt:yyyyMMdd}{value:D6}";
    }

    private async Task EnsureSequenceAsync(CancellationToken cancellationToken)
    {
        if (_ready) return;
        await _ensure.WaitAsync(cancellationToken);
        try
        {
            if (_ready) return;
            await using var create = dataSource.CreateCommand(
                $"create schema if not exists {store.DatabaseSchemaName}; create sequence if not exists {Sequence}");
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject
                                                   or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateSchema)
            {
                // Another instance created it at the same moment.
            }
            _ready = true;
        }
        finally
        {
            _ensure.Release();
        }
    }
}
