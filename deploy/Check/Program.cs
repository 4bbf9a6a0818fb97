using Npgsql;
using PowerMicro.Check.Running;

// deploy/check.sh: checks the invariants of a running PowerMicro system; exit 0 clean, 1 violations, 2 cannot run.
CheckOptions options;
try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(CheckOptions.Usage);
        return 0;
    }
    options = CheckOptions.Parse(args, Environment.GetEnvironmentVariable);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"check: {ex.Message}");
    Console.Error.WriteLine(CheckOptions.Usage);
    return 2;
}

try
{
    var run = await Checker.RunAsync(options);
    RunReport.Write(Console.Out, options, run);
    return run.Violations.Count > 0 ? 1 : 0;
}
catch (NpgsqlException ex)
{
    Console.Error.WriteLine($"check: cannot read PostgreSQL ({ex.Message}); is the system's database up (deploy/infra.sh status)?");
    return 2;
}
