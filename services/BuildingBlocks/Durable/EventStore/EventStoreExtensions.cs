using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PowerMicro.Durable.Resilience;
using PowerMicro.ServiceDefaults.Health;

namespace PowerMicro.Durable.EventStore;

public static class EventStoreExtensions
{
    /// <summary>
    /// Marten on PostgreSQL from ConnectionStrings:Postgres: one schema per service (EventStore:Schema,
    /// default the service name), the async daemon in HotCold mode (one leader across instances, the
    /// others take over when it dies), PostgreSQL in /health/ready, Marten's and Npgsql's traces and metrics,
    /// and PostgreSQL's and Marten's passing failures answered 503 or 409.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddEventStore(
        this IHostApplicationBuilder builder, string serviceName, Action<StoreOptions>? configure = null)
    {
        var connectionString = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured.");
        var schema = builder.Configuration["EventStore:Schema"] ?? serviceName;

        builder.Services.TryAddSingleton(_ =>
        {
            var source = new NpgsqlDataSourceBuilder(connectionString) { Name = serviceName };
            // A database that refuses connections fails at once (→ 503); one that hangs, after this many seconds.
            if (builder.Configuration.GetValue<int?>("EventStore:ConnectTimeoutSeconds") is { } seconds)
                source.ConnectionStringBuilder.Timeout = seconds;
            PooledConnectionTuning.Apply(source.ConnectionStringBuilder);
            return source.Build();
        });
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource("Marten").AddNpgsql());
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter("Marten", "Npgsql"));
        DurableFailureClassifier.Register(builder.Services);
        builder.Services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<SchemaWarmup>("schema", tags: [HealthEndpoints.ReadyTag]);
        builder.Services.AddSingleton<SchemaWarmup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SchemaWarmup>());

        var daemonMode = builder.Configuration.GetValue("EventStore:DaemonMode", DaemonMode.HotCold);
        if (daemonMode != DaemonMode.Disabled)
        {
            builder.Services.AddSingleton(sp => new StalledSubscriptionWatchdog(sp, sp.GetRequiredService<NpgsqlDataSource>(), schema,
                builder.Configuration.GetValue("EventStore:WatchdogInterval", TimeSpan.FromSeconds(5)),
                builder.Configuration.GetValue("EventStore:StalledAfter", TimeSpan.FromSeconds(60)),
                sp.GetRequiredService<ILogger<StalledSubscriptionWatchdog>>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<StalledSubscriptionWatchdog>());
        }

        // Failures logged by what they are (routine conflicts at Debug), and never with parameter values.
        builder.Services.ConfigureMarten((services, options) =>
            options.Logger(new MartenFailureLogger(services.GetRequiredService<ILogger<IDocumentStore>>())));

        return builder.Services.AddMarten(options =>
            {
                options.DatabaseSchemaName = schema;
                options.Events.DatabaseSchemaName = schema;
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                // The restore fix, part 3: with the DI data source, Marten's daemon must take its
                // advisory locks inside transactions (multiplexing is incompatible otherwise).
                options.Events.UseAdvisoryLockTransaction = true;
                // Headers carry the trace context of the request that appended an event (see the relay).
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.Events.AppendMode = JasperFx.Events.EventAppendMode.Quick;
                // How soon the daemon (and so the relay) sees an append: it polls for the high-water mark every
                // FastPolling while events flow, SlowPolling when idle. Waking it on each append (NOTIFY) is off:
                // the channel is one per database, so every append of any service woke every service's daemon
                // (measured: ~36 high-water rounds/s per service at 8 lifecycles/s, each 3 statements).
                options.Events.UseListenNotifyForEventAppends = builder.Configuration.GetValue("EventStore:WakeOnAppend", false);
                options.Projections.FastPollingTime = builder.Configuration.GetValue("EventStore:FastPolling", TimeSpan.FromMilliseconds(50));
                options.Projections.SlowPollingTime = builder.Configuration.GetValue("EventStore:SlowPolling", TimeSpan.FromMilliseconds(100));
                // The relay must resume within seconds of a start or of the leader's death (its advisory lock is
                // released when its connection drops), not after the daemon's default polling of several seconds.
                options.Projections.LeadershipPollingTime = 500;
                options.Projections.HealthCheckPollingTime = TimeSpan.FromSeconds(1);
                options.Projections.AgentPauseTime = TimeSpan.FromSeconds(1);
                // A sequence gap (an append that failed: a conflict, a database going down) is held while any
                // transaction that might still fill it is open. Every service's HotCold leader holds its
                // advisory lock in a transaction that stays open for the life of the process, so with several
                // services (or instances) on one database the hold never ends by itself and the relay stops
                // (seen after PostgreSQL restarted). Our appends reserve their sequence numbers in the same
                // batch that commits, so a gap still open after this long is no live append: skip it.
                options.Projections.SkipStaleGapsDespiteLiveTransactionsAfter =
                    builder.Configuration.GetValue("EventStore:SkipGapsAfter", TimeSpan.FromSeconds(10));
                options.UseSystemTextJsonForSerialization(enumStorage: Weasel.Core.EnumStorage.AsString);
                configure?.Invoke(options);
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .AddAsyncDaemon(daemonMode);
    }
}
