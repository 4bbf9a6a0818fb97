using System.Diagnostics;
using OpenTelemetry;

namespace PowerMicro.ServiceDefaults.Telemetry;

/// <summary>
/// Gives every span the powermicro.order_id of its nearest in-process ancestor that has one, so the
/// consume, database and publish spans under a tagged request or message are found by order id too.
/// (A span that ends before any ancestor knows its order is tagged by <see cref="OrderTaggedExportProcessor"/>.)
/// </summary>
public sealed class OrderTagPropagatingProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity activity)
    {
        if (activity.GetTagItem(PowerMicroActivity.OrderIdTag) is null && PowerMicroActivity.OrderOf(activity.Parent) is { } orderId)
            activity.SetTag(PowerMicroActivity.OrderIdTag, orderId);
    }
}
