using System.Diagnostics;
using System.Runtime.CompilerServices;
using OpenTelemetry;

namespace PowerMicro.ServiceDefaults.Telemetry;

/// <summary>
/// Stands before an exporter and lets no span leave untagged while an in-process ancestor may still learn its order:
/// such a span waits on its parent (e.g. the database lookup that finds which order a callback task belongs to ends
/// before its request is tagged) and leaves with the order id of the nearest ancestor that has one when that parent
/// ends, or untagged once the local root ends without one.
/// </summary>
public sealed class OrderTaggedExportProcessor(BaseProcessor<Activity> export) : CompositeProcessor<Activity>([export])
{
    private readonly ConditionalWeakTable<Activity, Waiting> _waiting = new();

    public override void OnStart(Activity data)
    {
        // Only a parent this processor sees end can hold a span back.
        _waiting.AddOrUpdate(data, new Waiting());
        base.OnStart(data);
    }

    public override void OnEnd(Activity data)
    {
        var children = TakeWaiting(data);
        var orderId = PowerMicroActivity.OrderOf(data);
        if (orderId is null && data.Parent is { IsStopped: false } parent)
        {
            if (Wait(parent, data, children)) return;
            orderId = PowerMicroActivity.OrderOf(data);
        }

        foreach (var child in children) Export(child, orderId);
        Export(data, orderId);
    }

    private void Export(Activity span, string? orderId)
    {
        if (orderId is not null && span.GetTagItem(PowerMicroActivity.OrderIdTag) is null)
            span.SetTag(PowerMicroActivity.OrderIdTag, orderId);
        base.OnEnd(span);
    }

    private bool Wait(Activity parent, Activity span, List<Activity> children)
    {
        if (!_waiting.TryGetValue(parent, out var waiting)) return false;
        lock (waiting)
        {
            if (waiting.Released) return false;
            waiting.Spans.Add(span);
            waiting.Spans.AddRange(children);
            return true;
        }
    }

    private List<Activity> TakeWaiting(Activity span)
    {
        if (!_waiting.TryGetValue(span, out var waiting)) return [];
        lock (waiting)
        {
            waiting.Released = true;
            return [.. waiting.Spans];
        }
    }

    private sealed class Waiting
    {
        public List<Activity> Spans { get; } = [];
        public bool Released { get; set; }
    }
}
