using PowerMicro.Contracts;

namespace PowerMicro.Complaint.Deadlines;

/// <summary>The promises (configuration section Complaints:Deadlines), measured from when the order was received (or reopened).</summary>
public sealed class DeadlineOptions
{
    public const string Section = "Complaints:Deadlines";

    /// <summary>First contact with the customer: 24 hours (complaints and reports).</summary>
    public TimeSpan Contact { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Reply to a complaint: 5 days.</summary>
    public TimeSpan ComplaintReply { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Reply to a report: 10 days.</summary>
    public TimeSpan ReportReply { get; set; } = TimeSpan.FromDays(10);

    public TimeSpan ReplyFor(string kind) => kind == OrderKinds.Report ? ReportReply : ComplaintReply;
}
