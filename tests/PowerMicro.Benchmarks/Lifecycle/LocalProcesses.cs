using System.Globalization;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>
/// Finds the processes of the running system: the services and gateway from deploy/run.sh's pid files, PostgreSQL
/// as the server listening on the database port with all its children (backends, writers), RabbitMQ as the
/// process listening on the AMQP port, and the benchmark itself.
/// </summary>
public static class LocalProcesses
{
    public static List<ProcessGroup> Groups(string runDirectory, int postgresPort, int rabbitPort)
    {
        var groups = new List<ProcessGroup>();
        foreach (var name in new[] { "gateway", "intake", "dispatch", "complaint", "callback" })
        {
            var file = Path.Combine(runDirectory, name + ".pid");
            if (File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid) && Directory.Exists($"/proc/{pid}"))
                groups.Add(new ProcessGroup(name, () => Directory.Exists($"/proc/{pid}") ? [pid] : []));
        }
        var postmaster = Listening(postgresPort);
        if (postmaster is { } pm) groups.Add(new ProcessGroup("postgresql", () => [pm, .. Children(pm)]));
        var rabbit = Listening(rabbitPort);
        if (rabbit is { } rb) groups.Add(new ProcessGroup("rabbitmq", () => [rb, .. Children(rb)]));
        var self = Environment.ProcessId;
        groups.Add(new ProcessGroup("bench (load)", () => [self]));
        return groups;
    }

    /// <summary>The process that holds the listening TCP socket on <paramref name="port"/> (from /proc/net/tcp and fds).</summary>
    public static int? Listening(int port)
    {
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = f[1].Split(':');
                if (f[3] == "0A" && int.Parse(local[1], NumberStyles.HexNumber) == port) inodes.Add($"socket:[{f[9]}]");
            }
        }
        if (inodes.Count == 0) return null;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                foreach (var fd in Directory.EnumerateFiles(Path.Combine(dir, "fd")))
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target)) return pid;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
        return null;
    }

    private static IEnumerable<int> Children(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.TryParse(fields[1], out var ppid) && ppid == parent) yield return pid;
        }
    }
}
