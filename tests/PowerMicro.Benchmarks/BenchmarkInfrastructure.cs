using PowerMicro.Testing;

namespace PowerMicro.Benchmarks;

/// <summary>
/// For the building-block benchmarks: a fresh schema and virtual host on the servers deploy/infra.sh
/// runs (eval "$(deploy/infra.sh env)"), removed afterwards.
/// </summary>
public static class BenchmarkInfrastructure
{
    public static async Task<IsolatedInfrastructure> CreateAsync()
    {
        var infrastructure = new IsolatedInfrastructure();
        await infrastructure.InitializeAsync();
        return infrastructure;
    }

    public static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }

    public static string Millis(long microseconds) => (microseconds / 1000.0).ToString("0.0") + " ms";
}
