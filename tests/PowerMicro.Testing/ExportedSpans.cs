using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace PowerMicro.Testing;

/// <summary>The spans a test host exports (the same pipeline that sends them to Jaeger, with processors applied).</summary>
public sealed class ExportedSpans
{
    public List<Activity> All { get; } = [];

    public static ExportedSpans AddTo(IServiceCollection services)
    {
        var spans = new ExportedSpans();
        services.AddSingleton(spans);
        services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans.All));
        return spans;
    }

    public IReadOnlyList<Activity> InTrace(string traceId)
    {
        lock (All) return All.Where(a => a.TraceId.ToString() == traceId).ToList();
    }

    public IReadOnlyList<Activity> Matching(Func<Activity, bool> condition)
    {
        lock (All) return All.Where(condition).ToList();
    }
}
