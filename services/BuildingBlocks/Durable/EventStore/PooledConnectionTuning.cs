using Npgsql;

namespace PowerMicro.Durable.EventStore;

/// <summary>
/// Pool settings measured with <c>deploy/bench.sh lifecycle</c> (README: Benchmarks), unless the connection string
/// sets them itself. Every session borrows a pooled connection; by default Npgsql resets it with DISCARD ALL on each
/// return (about a third of all statements in a lifecycle) and plans every statement afresh. Nothing here leaves
/// session state behind: every lock is transaction-scoped (<c>pg_advisory_xact_lock</c>, Marten's advisory locks in
/// transactions), no code sets session variables, and LISTEN runs on Marten's own dedicated connection.
/// </summary>
public static class PooledConnectionTuning
{
    public static void Apply(NpgsqlConnectionStringBuilder settings)
    {
        var given = settings.ConnectionString;
        if (!Mentions(given, "No Reset On Close")) settings.NoResetOnClose = true;
        // The same few dozen statements run for every order: prepared once per connection, planned once.
        if (!Mentions(given, "Max Auto Prepare")) settings.MaxAutoPrepare = 100;
        if (!Mentions(given, "Auto Prepare Min Usages")) settings.AutoPrepareMinUsages = 2;
    }

    private static bool Mentions(string connectionString, string key) =>
        connectionString.Replace(" ", "", StringComparison.Ordinal)
            .Contains(key.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
}
