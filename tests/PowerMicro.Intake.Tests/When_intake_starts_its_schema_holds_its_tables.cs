using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PowerMicro.Intake.Orders;
using PowerMicro.Testing;
using Weasel.Core;

namespace PowerMicro.Intake.Tests;

/// <summary>The order-number sequence and the idempotency table are part of intake's schema, applied at start-up with the rest.</summary>
public sealed class When_intake_starts_its_schema_holds_its_tables(IntakeFixture intake) : IClassFixture<IntakeFixture>
{
    [Fact]
    public async Task The_sequence_and_the_idempotency_table_exist_before_any_order_and_need_no_change()
    {
        var services = intake.Host.Services;
        var tables = services.GetRequiredService<IntakeTables>();
        await using (var exists = services.GetRequiredService<NpgsqlDataSource>()
                         .CreateCommand("select to_regclass($1) is not null and to_regclass($2) is not null"))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = tables.OrderNumberSequence });
            exists.Parameters.Add(new NpgsqlParameter { Value = tables.IdempotencyKeys });
            Assert.True((bool)(await exists.ExecuteScalarAsync())!);
        }

        // What the store would still change: nothing (its idea of both objects matches what it created).
        var migration = await services.GetRequiredService<IDocumentStore>().Storage.Database.CreateMigrationAsync();
        Assert.Equal(SchemaPatchDifference.None, migration.Difference);
    }
}
