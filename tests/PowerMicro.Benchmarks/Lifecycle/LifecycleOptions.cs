using System.Text.Json.Serialization;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>The options of deploy/bench.sh lifecycle; every address must be on loopback.</summary>
public sealed record LifecycleOptions(
    Uri Gateway, [property: JsonIgnore] string Postgres, [property: JsonIgnore] Uri RabbitMq, [property: JsonIgnore] Uri RabbitManagement, string RunDirectory,
    int[] Steps, TimeSpan StepLength, int Concurrency, TimeSpan RawLength, TimeSpan Drain,
    double SlaP99Ms, double BreakP99Ms, string OutDirectory, int Seed, bool Raw, string Label, TimeSpan Warmup)
{
    public const string Usage =
        "usage: deploy/bench.sh lifecycle [--steps 5,10,20,40,60,80,120,160,240,320] [--step-seconds 20] [--concurrency 16]\n" +
        "         [--raw-seconds 8] [--no-raw] [--drain-seconds 60] [--sla-p99-ms 100] [--break-p99-ms 1000]\n" +
        "         [--warmup-seconds 15] [--out .data/bench] [--label NAME] [--seed 1] [--gateway http://127.0.0.1:$GATEWAY_PORT]\n" +
        "  needs a running system (deploy/run.sh --detach) and eval \"$(deploy/infra.sh env)\" for the same database and vhost";

    public static LifecycleOptions Parse(string[] args)
    {
        string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;
        var root = Env("POWERMICRO_ROOT", Directory.GetCurrentDirectory());
        var values = new Dictionary<string, string>
        {
            ["--gateway"] = $"http://127.0.0.1:{Env("GATEWAY_PORT", "8080")}",
            ["--steps"] = "5,10,20,40,60,80,120,160,240,320",
            ["--step-seconds"] = "20",
            ["--concurrency"] = "16",
            ["--raw-seconds"] = "8",
            ["--drain-seconds"] = "60",
            ["--sla-p99-ms"] = "100",
            ["--break-p99-ms"] = "1000",
            ["--out"] = Path.Combine(root, ".data", "bench"),
            ["--label"] = "",
            ["--seed"] = "1",
            ["--warmup-seconds"] = "15",
        };
        var raw = true;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--help" or "-h") throw new ArgumentException("lifecycle: full order lifecycles through the gateway, ramped until they break.");
            if (args[i] == "--no-raw") { raw = false; continue; }
            if (!values.ContainsKey(args[i]) || i + 1 >= args.Length) throw new ArgumentException($"unknown option or missing value: {args[i]}");
            values[args[i]] = args[++i];
        }
        int Positive(string key) => int.TryParse(values[key], out var v) && v > 0 ? v : throw new ArgumentException($"{key} must be a positive number");
        Uri Loopback(string text, string what) => Uri.TryCreate(text, UriKind.Absolute, out var u) && u.IsLoopback
            ? u : throw new ArgumentException($"{what} must be a URL on this machine's loopback, got '{text}'");
        var steps = values["--steps"].Split(',').Select(s => int.TryParse(s, out var v) && v > 0 ? v : throw new ArgumentException("--steps: positive lifecycles/s, comma-separated")).ToArray();
        var postgres = Env("POWERMICRO_POSTGRES", "");
        if (postgres == "") throw new ArgumentException("POWERMICRO_POSTGRES is not set: eval \"$(deploy/infra.sh env)\" first (bench.sh does it)");
        return new LifecycleOptions(
            Loopback(values["--gateway"], "--gateway"), postgres,
            Loopback(Env("POWERMICRO_RABBITMQ", "amqp://guest:guest@127.0.0.1:5672/"), "POWERMICRO_RABBITMQ"),
            Loopback(Env("POWERMICRO_RABBITMQ_MANAGEMENT", "http://guest:guest@127.0.0.1:15672/"), "POWERMICRO_RABBITMQ_MANAGEMENT"),
            Path.Combine(root, ".data", "run"), steps, TimeSpan.FromSeconds(Positive("--step-seconds")), Positive("--concurrency"),
            TimeSpan.FromSeconds(Positive("--raw-seconds")), TimeSpan.FromSeconds(Positive("--drain-seconds")),
            Positive("--sla-p99-ms"), Positive("--break-p99-ms"), values["--out"], Positive("--seed"), raw, values["--label"],
            TimeSpan.FromSeconds(int.TryParse(values["--warmup-seconds"], out var warm) && warm >= 0 ? warm : throw new ArgumentException("--warmup-seconds must be 0 or more")));
    }
}
