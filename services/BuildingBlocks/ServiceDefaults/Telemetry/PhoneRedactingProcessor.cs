using System.Diagnostics;
using OpenTelemetry;
using PowerMicro.ServiceDefaults.Logging;

namespace PowerMicro.ServiceDefaults.Telemetry;

/// <summary>Rewrites any span tag, event or status text that carries a phone number before export.</summary>
public sealed class PhoneRedactingProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity activity)
    {
        List<KeyValuePair<string, string?>>? redacted = null;
        foreach (var tag in activity.Tags)
        {
            if (PhoneRedactor.ContainsPhone(tag.Value))
                (redacted ??= []).Add(new(tag.Key, PhoneRedactor.Redact(tag.Value)));
        }
        if (redacted is not null)
            foreach (var (key, value) in redacted) activity.SetTag(key, value);

        if (PhoneRedactor.ContainsPhone(activity.DisplayName))
            activity.DisplayName = PhoneRedactor.Redact(activity.DisplayName)!;
        if (PhoneRedactor.ContainsPhone(activity.StatusDescription))
            activity.SetStatus(activity.Status, PhoneRedactor.Redact(activity.StatusDescription));
    }
}
