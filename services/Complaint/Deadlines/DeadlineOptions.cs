using PowerMicro.Contracts.Catalog;

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

    /// <summary>The reply limit the catalog names for the kind (ComplaintReply or ReportReply).</summary>
    public TimeSpan ReplyFor(string kind) => OrderCatalog.Deadline(kind, OrderDeadlines.Reply)?.Limit switch
    {
        nameof(ReportReply) => ReportReply,
        nameof(ComplaintReply) => ComplaintReply,
        var limit => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"No reply limit {limit} for this kind."),
    };
}
