using System.Diagnostics;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>deploy/check.sh's verdict on the data the run left (0 violations, 0 lost), when the checkout has the script.</summary>
public sealed record CheckResult(bool Ran, int ExitCode, string Verdict);

public static class CheckVerdict
{
    public static async Task<CheckResult> RunAsync()
    {
        var root = Environment.GetEnvironmentVariable("POWERMICRO_ROOT") ?? Directory.GetCurrentDirectory();
        var script = Path.Combine(root, "deploy", "check.sh");
        if (!File.Exists(script)) return new CheckResult(false, 0, "skipped: deploy/check.sh is not in this checkout");
        Console.WriteLine("running deploy/check.sh on the run's data ...");
        using var process = Process.Start(new ProcessStartInfo("bash", [script])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new CheckResult(true, -1, "deploy/check.sh did not finish in 5 minutes");
        }
        var lines = ((await output) + (await errors)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new CheckResult(true, process.ExitCode, string.Join(" | ", lines.TakeLast(5)));
    }
}
