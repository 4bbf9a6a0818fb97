using PowerMicro.Benchmarks;

// deploy/bench.sh <command> [options]; each command is a file of its own.
var commands = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["gateway"] = GatewayBenchmark.RunAsync,
    ["intake"] = IntakeBenchmark.RunAsync,
    ["callback"] = CallbackBenchmark.RunAsync,
    ["relay"] = RelayBenchmark.RunAsync,
    ["scheduler"] = SchedulerBenchmark.RunAsync,
    ["dispatch"] = DispatchBenchmark.RunAsync,
    ["availability"] = AvailabilityProbe.RunAsync,
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine($"usage: deploy/bench.sh <{string.Join("|", commands.Keys)}> [options]   (--help after a command for its options)");
    return 2;
}
return await command(args[1..]);
