using PowerMicro.Complaint.Cases;
using PowerMicro.Complaint.Deadlines;
using PowerMicro.Complaint.Repeats;
using PowerMicro.Contracts;
using PowerMicro.Durable.Deadlines;

namespace PowerMicro.Aggregates.Tests.Cases;

/// <summary>Case fixtures: a complaint or report received at T0 and the steps of its handling.</summary>
public static class Complaints
{
    public static readonly Guid Id = Guid.Parse("0192f0a0-0000-7000-8000-000000000002");
    public static readonly DeadlineLimits Limits = new(CaseDeadlines.Defaults);
    public static readonly RepeatVerdict FirstTime = new(false, 1, false);

    public static OrderReceived Received(string kind = OrderKinds.Complaint, string subtype = "service-attitude") =>
        new(Id, Given.T0, 1, "intake", "20261123000002", kind, subtype, "phone", "urban", 3,
            new Customer("A-2", "Li", "13900000000", "C", 3), null, "Rude on the phone", null, false, null, "trace");

    public static ComplaintCase Opened(string kind = OrderKinds.Complaint, string subtype = "service-attitude") =>
        Given.After<ComplaintCase>(null, CaseDecisions.Open(new OpenCase(Received(kind, subtype), "Li", FirstTime, Limits), null, Given.T0))!;

    public static ComplaintCase Contacted(string kind = OrderKinds.Complaint, string subtype = "service-attitude")
    {
        var opened = Opened(kind, subtype);
        return Given.After(opened, CaseDecisions.Contact(new ContactCustomer("agent"), opened, Given.T0.AddHours(1)))!;
    }

    public static ComplaintCase Replied()
    {
        var contacted = Contacted();
        return Given.After(contacted, CaseDecisions.Reply(new ReplyToCustomer("Sorry", "agent", null), contacted, Given.T0.AddDays(1)))!;
    }
}
