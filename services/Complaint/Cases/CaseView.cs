namespace PowerMicro.Complaint.Cases;

public sealed record DeadlineView(string Name, int Round, DateTimeOffset DueAt, DateTimeOffset? MetAt, bool? OnTime, bool Breached);

public sealed record CustomerView(string AccountNo, string Name, string Tier);

/// <summary>A case as agents and supervisors see it (GET /api/complaints, /api/complaints/{orderId}).</summary>
public sealed record CaseView(
    Guid OrderId, string Number, string Kind, string Subtype, string Status, int Round, CustomerView Customer,
    string Channel, string Description, DateTimeOffset ReceivedAt, DateTimeOffset? NextDueAt,
    DateTimeOffset? ContactedAt, string? ContactedBy, DateTimeOffset? RepliedAt, string? Reply, string? RepliedBy,
    bool? Verified, bool RewardDue, bool Repeat, int MatterCount, bool Supervised, IReadOnlyList<string> SupervisionReasons,
    IReadOnlyList<DeadlineView> Deadlines)
{
    public static CaseView Of(ComplaintCase c) => new(
        c.Id, c.Number, c.Kind, c.Subtype, c.Status, c.Round, new CustomerView(c.AccountNo, c.CustomerName, c.Tier),
        c.Channel, c.Description, c.ReceivedAt, c.NextDueAt, c.ContactedAt, c.ContactedBy, c.RepliedAt, c.Reply, c.RepliedBy,
        c.Verified, c.RewardDue, c.Repeat, c.MatterCount, c.Supervised, c.SupervisionReasons,
        c.Deadlines.Select(d => new DeadlineView(d.Name, d.Round, d.DueAt, d.MetAt, d.OnTime, d.BreachedAt is not null)).ToList());
}
