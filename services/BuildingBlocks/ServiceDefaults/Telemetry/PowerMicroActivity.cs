using System.Diagnostics;

namespace PowerMicro.ServiceDefaults.Telemetry;

/// <summary>The project's own activity source and the tags operations search Jaeger by.</summary>
public static class PowerMicroActivity
{
    public const string SourceName = "PowerMicro";
    public const string OrderIdTag = "powermicro.order_id";

    /// <summary>The header that carries the order id of a response (to the gateway's spans) or a message (to its consumer's spans).</summary>
    public const string OrderIdHeader = "X-PowerMicro-Order-Id";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Tags the current span (if any) with the order it handles.</summary>
    public static void TagOrder(Guid orderId) => TagOrder(Activity.Current, orderId.ToString());

    /// <summary>
    /// Tags <paramref name="activity"/> and its in-process ancestors that carry no order yet: a request or a message
    /// whose work turns out to be about an order (known only after a lookup) is then found by the order as a whole.
    /// </summary>
    public static void TagOrder(Activity? activity, string orderId)
    {
        for (var span = activity; span is not null && span.GetTagItem(OrderIdTag) is null; span = span.Parent)
            span.SetTag(OrderIdTag, orderId);
    }

    /// <summary>The order of <paramref name="activity"/> or of its nearest in-process ancestor that has one.</summary>
    public static string? OrderOf(Activity? activity)
    {
        for (var span = activity; span is not null; span = span.Parent)
            if (span.GetTagItem(OrderIdTag) is string orderId) return orderId;
        return null;
    }
}
