using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PowerMicro.ServiceDefaults.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PowerMicro.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces and metrics from ASP.NET Core and HttpClient, plus the project's own
    /// <see cref="PowerMicroActivity.SourceName"/>; exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set
    /// (Jaeger ingests OTLP directly). PowerMicro.Durable adds MassTransit's, Marten's and Npgsql's.
    /// </summary>
    public static IHostApplicationBuilder AddPowerMicroTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(
                serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? serviceName,
                serviceNamespace: "powermicro",
                serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId));

        otel.WithTracing(tracing =>
        {
            tracing
                .AddSource(PowerMicroActivity.SourceName)
                // Exceptions become redacted tags rather than span events: an event's attributes cannot be
                // rewritten afterwards by the redacting processor.
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health");
                    o.RecordException = false;
                    o.EnrichWithException = RedactedException;
                })
                .AddHttpClientInstrumentation(o =>
                {
                    o.RecordException = false;
                    o.EnrichWithException = RedactedException;
                    o.EnrichWithHttpResponseMessage = TagOrderOfResponse;
                })
                .AddProcessor(new OrderTagPropagatingProcessor())
                .AddProcessor(new PhoneRedactingProcessor());
            if (exportOtlp) tracing.AddProcessor(OrderTaggedOtlpExport());
        });

        otel.WithMetrics(metrics =>
        {
            metrics
                .AddMeter(PowerMicroActivity.SourceName, "System.Runtime")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation();
            if (exportOtlp) metrics.AddOtlpExporter();
        });

        return builder;
    }

    /// <summary>
    /// The OTLP exporter (endpoint, protocol and batching from the OTEL_EXPORTER_OTLP_* and OTEL_BSP_* environment
    /// variables, as AddOtlpExporter reads them) behind <see cref="OrderTaggedExportProcessor"/>.
    /// </summary>
    private static OrderTaggedExportProcessor OrderTaggedOtlpExport()
    {
        var options = new OtlpExporterOptions();
        var batch = options.BatchExportProcessorOptions;
        return new OrderTaggedExportProcessor(new BatchActivityExportProcessor(new OtlpTraceExporter(options),
            batch.MaxQueueSize, batch.ScheduledDelayMilliseconds, batch.ExporterTimeoutMilliseconds, batch.MaxExportBatchSize));
    }

    /// <summary>A service names the order a request touched (<see cref="PowerMicroActivity.OrderIdHeader"/>): the caller's spans carry it too.</summary>
    private static void TagOrderOfResponse(System.Diagnostics.Activity activity, HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues(PowerMicroActivity.OrderIdHeader, out var values)
            && Guid.TryParse(values.FirstOrDefault(), out var orderId))
            PowerMicroActivity.TagOrder(activity, orderId.ToString());
    }

    private static void RedactedException(System.Diagnostics.Activity activity, Exception exception)
    {
        activity.SetTag("exception.type", exception.GetType().FullName);
        activity.SetTag("exception.message", PhoneRedactor.Redact(exception.Message));
    }
}
