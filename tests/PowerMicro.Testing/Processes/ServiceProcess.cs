using System.Diagnostics;

namespace PowerMicro.Testing.Processes;

/// <summary>
/// One PowerMicro process (a service or the gateway) started from its build output the way deploy/run.sh
/// starts it: `dotnet PowerMicro.X.dll --urls http://127.0.0.1:PORT`, its own environment, output to a log.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly string _assembly;
    private readonly IReadOnlyList<string> _arguments;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;

    public ServiceProcess(string name, string project, int port, IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<string>? arguments = null, string? logFolder = null)
    {
        Name = name;
        Port = port;
        Address = new Uri($"http://127.0.0.1:{port}/");
        var projectName = Path.GetFileName(project);
        _assembly = Path.Combine(RepositoryRoot.Path, Path.GetDirectoryName(project)!, "bin", RepositoryRoot.Configuration, "net10.0", projectName + ".dll");
        _arguments = ["--urls", $"http://127.0.0.1:{port}", .. arguments ?? []];
        _environment = environment;
        LogPath = Path.Combine(logFolder ?? Path.GetTempPath(), $"{name}.log");
    }

    public string Name { get; }
    public int Port { get; }
    public Uri Address { get; }
    public string LogPath { get; }
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public void Start()
    {
        if (!File.Exists(_assembly)) throw new FileNotFoundException($"{_assembly} is not built (dotnet build PowerMicro.sln -c {RepositoryRoot.Configuration}).");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(_assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(_assembly);
        foreach (var argument in _arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        start.Environment["OTEL_SERVICE_NAME"] = Name;

        var log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        lock (log) log.WriteLine($"===== {DateTime.UtcNow:O} start =====");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (log) log.WriteLine($"===== {DateTime.UtcNow:O} exited ====="); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Waits until /health/ready answers 200 (fails early if the process died).</summary>
    public async Task WaitReadyAsync(TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(120));
        while (!await IsReadyAsync())
        {
            if (_process is null || _process.HasExited)
                throw new InvalidOperationException($"{Name} exited before it was ready; its log:\n{Tail()}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Name} was not ready in time; its log:\n{Tail()}");
            await Task.Delay(200);
        }
    }

    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await Probe.GetAsync(new Uri(Address, "health/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no goodbyes, locks and connections dropped by the OS.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM and wait: the graceful stop a supervisor (systemd, run.sh) does.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process) return;
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()])) await term.WaitForExitAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await process.WaitForExitAsync(patience.Token); }
        catch (OperationCanceledException) { await KillAsync(); }
    }

    public string Tail(int lines = 40)
    {
        try { return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines)); }
        catch (IOException) { return "(no log)"; }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }
}
