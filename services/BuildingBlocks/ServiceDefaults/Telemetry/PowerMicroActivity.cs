using System.Diagnostics;

namespace PowerMicro.ServiceDefaults.Telemetry;

/// <summary>The project's own activity source and the tags operations search Jaeger by.</summary>
public static class PowerMicroActivity
{
    public const string SourceName = "PowerMicro";
    public const string OrderIdTag = "powermicro.order_id";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Tags the current span (if any) with the order it handles.</summary>
    public static void TagOrder(Guid orderId) => Activity.Current?.SetTag(OrderIdTag, orderId.ToString());
}
