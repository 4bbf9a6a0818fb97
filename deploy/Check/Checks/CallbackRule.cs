using PowerMicro.Contracts;

namespace PowerMicro.Check.Checks;

public enum Need { None, Required, Sampled }

/// <summary>The callback rule of ../shared/domain.md: 100% for repairs, appointment services, complaints, reports; 20% of three inquiry subtypes; none else.</summary>
public static class CallbackRule
{
    public static readonly string[] SampledInquiries = ["outage-info", "policy", "bill"];

    public static Need For(string? kind, string? subtype, bool appointmentService) => kind switch
    {
        OrderKinds.Repair or OrderKinds.Complaint or OrderKinds.Report => Need.Required,
        OrderKinds.Business when appointmentService => Need.Required,
        OrderKinds.Inquiry when SampledInquiries.Contains(subtype) => Need.Sampled,
        _ => Need.None,
    };
}
