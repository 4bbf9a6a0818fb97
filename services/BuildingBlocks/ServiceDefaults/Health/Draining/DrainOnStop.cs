using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PowerMicro.ServiceDefaults.Health.Draining;

/// <summary>
/// Health:DrainOnStop (default 0, off): on a stop request (SIGTERM, Ctrl-C) the process first reports
/// not ready for this long while it keeps serving, so a gateway that probes /health/ready takes it out
/// of rotation before it stops listening; then it stops as usual. deploy/run.sh sets it for the services.
/// </summary>
public sealed partial class DrainOnStop(TimeSpan drain, ILogger<DrainOnStop> logger) : IHostedLifecycleService, IHealthCheck
{
    public const string Name = "draining";
    private volatile bool _draining;

    public static IHostApplicationBuilder AddDrainOnStop(IHostApplicationBuilder builder)
    {
        var drain = builder.Configuration.GetValue("Health:DrainOnStop", TimeSpan.Zero);
        if (drain <= TimeSpan.Zero) return builder;
        builder.Services.AddSingleton(sp => new DrainOnStop(drain, sp.GetRequiredService<ILogger<DrainOnStop>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DrainOnStop>());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(Name,
            sp => sp.GetRequiredService<DrainOnStop>(), HealthStatus.Unhealthy, [HealthEndpoints.ReadyTag]));
        return builder;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_draining
            ? HealthCheckResult.Unhealthy("stopping: draining before the process stops listening")
            : HealthCheckResult.Healthy("not stopping"));

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (_draining) return; // a second stop request does not drain again
        _draining = true;
        LogDraining(drain.TotalSeconds);
        try { await Task.Delay(drain, cancellationToken); }
        catch (OperationCanceledException) { }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: not ready for {Seconds} s while serving, so the gateway stops routing here first")]
    private partial void LogDraining(double seconds);
}
