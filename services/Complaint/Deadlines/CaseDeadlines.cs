using PowerMicro.Contracts.Catalog;
using PowerMicro.Durable.Deadlines;

namespace PowerMicro.Complaint.Deadlines;

public static class DeadlineNames
{
    public const string Contact = OrderDeadlines.Contact;
    public const string Reply = OrderDeadlines.Reply;
}

/// <summary>
/// The promises, measured from when the order was received (or reopened): configuration <c>Deadlines:Contact</c>,
/// <c>Deadlines:ComplaintReply</c>, <c>Deadlines:ReportReply</c> (TimeSpans; the older <c>Complaints:Deadlines:*</c> still
/// read); the defaults are domain.md's.
/// </summary>
public static class CaseDeadlines
{
    public const string LegacySection = "Complaints:Deadlines";

    public static readonly IReadOnlyDictionary<string, TimeSpan> Defaults = new Dictionary<string, TimeSpan>
    {
        ["Contact"] = TimeSpan.FromHours(24),      // first contact, complaints and reports
        ["ComplaintReply"] = TimeSpan.FromDays(5),
        ["ReportReply"] = TimeSpan.FromDays(10),
    };

    public static TimeSpan Contact(this DeadlineLimits limits) => limits["Contact"];

    /// <summary>The reply limit the catalog names for the kind (ComplaintReply or ReportReply).</summary>
    public static TimeSpan ReplyFor(this DeadlineLimits limits, string kind) =>
        OrderCatalog.Deadline(kind, OrderDeadlines.Reply)?.Limit is { } name
            ? limits[name]
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "The catalog names no reply limit for this kind.");
}
