using PowerMicro.Check.Checks;

namespace PowerMicro.Check.Running;

/// <summary>
/// The printed report: where it looked, one line per check (items checked, violations, in flight) with its notes,
/// each violation and in-flight finding with its order id, and the last line "N checked, N violations".
/// </summary>
public static class RunReport
{
    public static void Write(TextWriter output, CheckOptions options, CheckRun run)
    {
        var database = new Npgsql.NpgsqlConnectionStringBuilder(options.Postgres);
        output.WriteLine($"PowerMicro invariant check: database {database.Database} on {database.Host}:{database.Port} " +
                         $"(schemas {string.Join(", ", options.Schemas.Select(s => s.Value))}), RabbitMQ vhost {options.VirtualHost}, " +
                         $"settle {options.Settle.TotalSeconds:0.###}s");
        foreach (var result in run.Results)
        {
            var violations = run.Violations.Count(v => v.Check == result.Name);
            var inFlight = run.InFlight.Count(v => v.Check == result.Name);
            output.WriteLine($"  {result.Name,-24} {result.Checked,8} {result.What,-16} {violations,5} violations{(inFlight > 0 ? $", {inFlight} in flight" : "")}");
            foreach (var note in result.Notes) output.WriteLine($"      {note}");
        }
        foreach (var finding in run.Violations) output.WriteLine(Line("VIOLATION", finding));
        foreach (var finding in run.InFlight) output.WriteLine(Line("IN FLIGHT", finding));
        output.WriteLine($"{run.Passes} {(run.Passes == 1 ? "pass" : "passes")} in {run.Took.TotalSeconds:0.0} s; {run.InFlight.Count} in flight");
        output.WriteLine($"{run.Checked} checked, {run.Violations.Count} violations");
    }

    private static string Line(string verdict, Finding finding) =>
        $"{verdict} {finding.Check} {(finding.OrderId is { } id ? id.ToString() : "-")}: {finding.Message}";
}
