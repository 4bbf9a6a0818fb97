using PowerMicro.Contracts.Catalog;

namespace PowerMicro.Callback.Rules;

public enum CallbackNeed { None, Required, Sampled }

/// <summary>
/// The callback rule (../shared/domain.md, "The callback rules"), as the order catalog states it per kind and
/// subtype: every completed repair, appointment service, complaint and report is called back; outage-info,
/// policy and bill inquiries are sampled (exactly one in five, see <see cref="SamplingBlock"/>); anything else
/// closes without a callback.
/// </summary>
public static class CallbackRule
{
    public static CallbackNeed For(string kind, string subtype, bool appointmentService) =>
        OrderCatalog.CallbackFor(kind, subtype, appointmentService) switch
        {
            CallbackPolicy.Always => CallbackNeed.Required,
            CallbackPolicy.Sampled => CallbackNeed.Sampled,
            _ => CallbackNeed.None,
        };

    /// <summary>A subtype whose completions are sampled (without an appointment: no sampled kind takes one).</summary>
    public static bool IsSampled(string kind, string subtype) => For(kind, subtype, appointmentService: false) == CallbackNeed.Sampled;
}
