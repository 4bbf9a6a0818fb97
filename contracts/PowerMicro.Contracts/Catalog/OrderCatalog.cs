using static PowerMicro.Contracts.Catalog.CallbackPolicy;

namespace PowerMicro.Contracts.Catalog;

/// <summary>
/// THE catalog of order kinds (../shared/domain.md, "Order kinds and subtypes"): every service reads what it
/// decides per kind or subtype from here. A new subtype is one line in its kind (plus its test in
/// tests/PowerMicro.Rules.Tests). Limits of deadlines stay in each service's configuration, under the key named here.
/// </summary>
public static class OrderCatalog
{
    public static readonly IReadOnlyList<OrderKind> Kinds =
    [
        new(OrderKinds.Repair, Handling.Dispatch, Priority: 3,
        [
            new("no-power", Always) { Safety = true },
            new("partial-outage", Always),
            new("voltage-problem", Always),
            new("meter-fault", Always) { GuidedFirst = true },
            new("line-damage", Always) { Safety = true },
            new("other", Always) { GuidedFirst = true },
        ])
        {
            AddressRequired = true,
            Deadlines = [new(OrderDeadlines.Arrival, "Arrival"), new(OrderDeadlines.Restoration, "Restoration")],
        },
        new(OrderKinds.Business, Handling.ForwardedAtIntake, Priority: 4,
        [
            new("new-connection", None),
            new("capacity-increase", None),
            new("capacity-decrease", None),
            new("suspension", None),
            new("temporary-replacement", None),
            new("temporary-removal", None),
            new("meter-removal", None),
            new("account-closure", None),
            new("meter-relocation", None),
            new("voltage-change", None),
            new("tariff-change", None),
            new("reconnection", None),
        ])
        {
            TakesAppointment = true,
            AppointmentCallback = Always,
        },
        new(OrderKinds.Inquiry, Handling.AnsweredAtIntake, Priority: 4,
        [
            new("outage-info", Sampled),
            new("policy", Sampled),
            new("bill", Sampled),
            new("meter-reading", None),
            new("safety", None),
            new("other", None),
        ]),
        new(OrderKinds.Complaint, Handling.Complaint, Priority: 3,
        [
            new("service-attitude", Always),
            new("service-efficiency", Always),
            new("power-quality", Always),
            new("outage", Always),
            new("billing", Always),
            new("construction", Always),
            new("other", Always),
        ])
        {
            RepeatRule = true,
            Deadlines = [new(OrderDeadlines.Contact, "Contact"), new(OrderDeadlines.Reply, "ComplaintReply")],
        },
        new(OrderKinds.Report, Handling.Complaint, Priority: 3,
        [
            new("electricity-theft", Always) { RewardWhenVerified = true },
            new("misconduct", Always),
            new("other", Always),
        ])
        {
            Deadlines = [new(OrderDeadlines.Contact, "Contact"), new(OrderDeadlines.Reply, "ReportReply")],
        },
    ];

    private static readonly Dictionary<string, OrderKind> ByName = Kinds.ToDictionary(k => k.Name);

    public static IEnumerable<string> KindNames => Kinds.Select(k => k.Name);

    public static OrderKind? Find(string kind) => ByName.GetValueOrDefault(kind);

    /// <summary>The kind of a stored or received order (its kind was validated at intake).</summary>
    public static OrderKind Kind(string kind) =>
        Find(kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an order kind of the catalog.");

    public static OrderSubtype? Subtype(string kind, string subtype) => Find(kind)?.Subtype(subtype);

    public static bool HandledBy(string kind, Handling handling) => Find(kind)?.HandledBy == handling;

    /// <summary>A business application with an appointment is an appointment service.</summary>
    public static bool IsAppointmentService(string kind, DateTimeOffset? appointmentAt) =>
        appointmentAt is not null && Find(kind)?.TakesAppointment == true;

    /// <summary>Whether a completion is called back: an appointment service by its kind's rule, anything else by its subtype.</summary>
    public static CallbackPolicy CallbackFor(string kind, string subtype, bool appointmentService) => Find(kind) switch
    {
        null => None,
        { TakesAppointment: true } k when appointmentService => k.AppointmentCallback,
        var k => k.Subtype(subtype)?.Callback ?? None,
    };

    /// <summary>The priority the kind and subtype alone give (the customer may raise it, see intake's Priority).</summary>
    public static int PriorityOf(string kind, string subtype) => Find(kind) switch
    {
        null => 4,
        var k when k.Subtype(subtype)?.Safety == true => Math.Min(2, k.Priority),
        var k => k.Priority,
    };

    public static OrderDeadline? Deadline(string kind, string name) =>
        Find(kind)?.Deadlines.FirstOrDefault(d => d.Name == name);
}
