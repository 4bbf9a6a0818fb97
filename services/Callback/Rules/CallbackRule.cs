using PowerMicro.Contracts;

namespace PowerMicro.Callback.Rules;

public enum CallbackNeed { None, Required, Sampled }

/// <summary>
/// The callback rule (../shared/domain.md, "The callback rules"): every completed repair, appointment
/// service, complaint and report is called back; outage-info, policy and bill inquiries are sampled
/// (exactly one in five, see <see cref="SamplingBlock"/>); anything else closes without a callback.
/// </summary>
public static class CallbackRule
{
    public static readonly string[] SampledInquiries = ["outage-info", "policy", "bill"];

    public static CallbackNeed For(string kind, string subtype, bool appointmentService) => kind switch
    {
        OrderKinds.Repair or OrderKinds.Complaint or OrderKinds.Report => CallbackNeed.Required,
        OrderKinds.Business when appointmentService => CallbackNeed.Required,
        OrderKinds.Inquiry when SampledInquiries.Contains(subtype) => CallbackNeed.Sampled,
        _ => CallbackNeed.None,
    };
}
