using Npgsql;

namespace PowerMicro.Intake.Orders;

/// <summary>
/// Human-readable order numbers: the receipt date and a PostgreSQL sequence, e.g. 20261123000042.
/// The sequence is shared by every intake instance, so numbers never repeat.
/// </summary>
public sealed class OrderNumbers(NpgsqlDataSource dataSource, IntakeTables tables)
{
    public async Task<string> NextAsync(DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await tables.EnsureAsync(cancellationToken);
        await using var next = dataSource.CreateCommand($"select nextval('{tables.OrderNumberSequence}')");
        var value = (long)(await next.ExecuteScalarAsync(cancellationToken))!;
        return $"{receivedAt:yyyyMMdd}{value:D6}";
    }
}
