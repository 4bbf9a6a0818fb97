using System.Globalization;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>A process group measured from /proc: its name and how to find its processes.</summary>
public sealed record ProcessGroup(string Name, Func<IReadOnlyList<int>> Find);

/// <summary>One sample: seconds since the start, CPU (% of one core) and memory (MB) per group.</summary>
public sealed record ResourceSample(double At, Dictionary<string, double> CpuPercent, Dictionary<string, double> MemoryMb);

/// <summary>
/// Samples CPU time (utime + stime from /proc/PID/stat) and memory of each group once a second: resident set
/// (VmRSS) for a single process, proportional set size (Pss, smaps_rollup) summed over a group of many (PostgreSQL's
/// backends share its buffers, which a plain RSS sum would count once per backend).
/// </summary>
public sealed class ProcessSampler(IReadOnlyList<ProcessGroup> groups)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly Dictionary<string, double> lastCpu = new();
    private readonly Dictionary<string, double> totalCpu = new();
    public List<ResourceSample> Samples { get; } = [];
    public Dictionary<string, double> PeakMemoryMb { get; } = new();
    private DateTime started;
    private DateTime last;

    public IReadOnlyList<ProcessGroup> Groups => groups;

    public async Task RunAsync(CancellationToken ct)
    {
        started = last = DateTime.UtcNow;
        foreach (var g in groups) lastCpu[g.Name] = CpuSeconds(g.Find());
        while (!ct.IsCancellationRequested)
        {
            try { await Task.Delay(1000, ct); } catch (OperationCanceledException) { break; }
            Sample();
        }
    }

    /// <summary>CPU seconds per group since the sampler started (up to the last sample).</summary>
    public Dictionary<string, double> CpuSecondsSoFar() { lock (totalCpu) return new(totalCpu); }

    private void Sample()
    {
        var now = DateTime.UtcNow;
        var interval = (now - last).TotalSeconds;
        last = now;
        var cpu = new Dictionary<string, double>();
        var memory = new Dictionary<string, double>();
        foreach (var g in groups)
        {
            var pids = g.Find();
            var seconds = CpuSeconds(pids);
            // a process that ended leaves the group: never count negative time
            var used = Math.Max(0, seconds - lastCpu.GetValueOrDefault(g.Name));
            lastCpu[g.Name] = seconds;
            lock (totalCpu) totalCpu[g.Name] = totalCpu.GetValueOrDefault(g.Name) + used;
            cpu[g.Name] = interval > 0 ? 100 * used / interval : 0;
            var mb = (pids.Count == 1 ? Kilobytes(pids[0], "status", "VmRSS:") : pids.Sum(p => Kilobytes(p, "smaps_rollup", "Pss:"))) / 1024.0;
            memory[g.Name] = mb;
            PeakMemoryMb[g.Name] = Math.Max(PeakMemoryMb.GetValueOrDefault(g.Name), mb);
        }
        Samples.Add(new ResourceSample((now - started).TotalSeconds, cpu, memory));
    }

    private static double CpuSeconds(IEnumerable<int> pids) => pids.Sum(pid =>
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // after the command: state is field 3, utime 14, stime 15 (1-based in proc(5))
            return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException) { return 0; }
    });

    private static double Kilobytes(int pid, string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/{file}"))
                if (line.StartsWith(key, StringComparison.Ordinal))
                    return double.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        return 0;
    }
}
