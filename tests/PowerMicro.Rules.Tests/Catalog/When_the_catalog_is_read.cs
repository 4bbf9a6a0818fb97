using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;
using static PowerMicro.Contracts.Catalog.CallbackPolicy;

namespace PowerMicro.Rules.Tests.Catalog;

/// <summary>The catalog states ../shared/domain.md ("Order kinds and subtypes", "The callback rules", "Time limits").</summary>
public sealed class When_the_catalog_is_read
{
    /// <summary>domain.md's table, subtype by subtype, with its callback: a new subtype is one line here and one in the catalog.</summary>
    public static readonly TheoryData<string, string, CallbackPolicy> Subtypes = new()
    {
        { "repair", "no-power", Always }, { "repair", "partial-outage", Always }, { "repair", "voltage-problem", Always },
        { "repair", "meter-fault", Always }, { "repair", "line-damage", Always }, { "repair", "other", Always },
        { "business", "new-connection", None }, { "business", "capacity-increase", None }, { "business", "capacity-decrease", None },
        { "business", "suspension", None }, { "business", "temporary-replacement", None }, { "business", "temporary-removal", None },
        { "business", "meter-removal", None }, { "business", "account-closure", None }, { "business", "meter-relocation", None },
        { "business", "voltage-change", None }, { "business", "tariff-change", None }, { "business", "reconnection", None },
        { "inquiry", "outage-info", Sampled }, { "inquiry", "policy", Sampled }, { "inquiry", "bill", Sampled },
        { "inquiry", "meter-reading", None }, { "inquiry", "safety", None }, { "inquiry", "other", None },
        { "complaint", "service-attitude", Always }, { "complaint", "service-efficiency", Always }, { "complaint", "power-quality", Always },
        { "complaint", "outage", Always }, { "complaint", "billing", Always }, { "complaint", "construction", Always },
        { "complaint", "other", Always },
        { "report", "electricity-theft", Always }, { "report", "misconduct", Always }, { "report", "other", Always },
    };

    [Theory]
    [MemberData(nameof(Subtypes))]
    public void Every_subtype_of_the_domain_is_listed_with_its_callback(string kind, string subtype, CallbackPolicy callback)
    {
        Assert.Equal(callback, OrderCatalog.Subtype(kind, subtype)?.Callback);
        Assert.Equal(callback, OrderCatalog.CallbackFor(kind, subtype, appointmentService: false));
    }

    [Fact]
    public void The_catalog_lists_nothing_the_domain_does_not()
    {
        var listed = OrderCatalog.Kinds.SelectMany(k => k.Subtypes.Select(s => (k.Name, s.Name))).ToList();
        var domain = Subtypes.Select(row => ((string)row[0], (string)row[1])).ToList();
        Assert.Equal(domain.Order(), listed.Order());
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(["repair", "business", "inquiry", "complaint", "report"], OrderCatalog.KindNames);
    }

    [Fact]
    public void The_wire_names_of_subtypes_are_the_catalogs()
    {
        foreach (var kind in OrderCatalog.Kinds)
            Assert.Equal(kind.SubtypeNames, OrderKinds.Subtypes[kind.Name]);
        Assert.Equal(OrderCatalog.KindNames, OrderKinds.Subtypes.Keys);
    }

    [Theory]
    [InlineData("repair", Handling.Dispatch, 3)]
    [InlineData("business", Handling.ForwardedAtIntake, 4)]
    [InlineData("inquiry", Handling.AnsweredAtIntake, 4)]
    [InlineData("complaint", Handling.Complaint, 3)]
    [InlineData("report", Handling.Complaint, 3)]
    public void Each_kind_is_taken_by_its_service_at_its_priority(string kind, Handling handling, int priority)
    {
        Assert.Equal(handling, OrderCatalog.Kind(kind).HandledBy);
        Assert.Equal(priority, OrderCatalog.Kind(kind).Priority);
        Assert.True(OrderCatalog.HandledBy(kind, handling));
    }

    [Theory]
    [InlineData("repair", "arrival:Arrival restoration:Restoration")]
    [InlineData("complaint", "contact:Contact reply:ComplaintReply")]
    [InlineData("report", "contact:Contact reply:ReportReply")]
    [InlineData("business", "")]
    [InlineData("inquiry", "")]
    public void Each_kind_names_its_deadlines_and_their_limits(string kind, string deadlines) =>
        Assert.Equal(deadlines, string.Join(' ', OrderCatalog.Kind(kind).Deadlines.Select(d => $"{d.Name}:{d.Limit}")));

    [Fact]
    public void Intake_completes_inquiries_as_answered_and_business_as_forwarded_and_nothing_else()
    {
        Assert.Equal("answered", OrderCatalog.Kind("inquiry").IntakeResult);
        Assert.Equal("forwarded", OrderCatalog.Kind("business").IntakeResult);
        Assert.Equal(["business", "inquiry"], OrderCatalog.Kinds.Where(k => k.CompletedAtIntake).Select(k => k.Name).Order());
    }

    [Fact]
    public void Only_business_takes_an_appointment_and_an_appointment_service_is_always_called_back()
    {
        Assert.Equal(["business"], OrderCatalog.Kinds.Where(k => k.TakesAppointment).Select(k => k.Name));
        Assert.All(OrderCatalog.Kind("business").SubtypeNames, s => Assert.Equal(Always, OrderCatalog.CallbackFor("business", s, appointmentService: true)));
        Assert.True(OrderCatalog.IsAppointmentService("business", DateTimeOffset.UnixEpoch));
        Assert.False(OrderCatalog.IsAppointmentService("business", null));
        Assert.False(OrderCatalog.IsAppointmentService("inquiry", DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void The_per_subtype_rules_mark_the_domains_subtypes()
    {
        Assert.Equal(["line-damage", "no-power"], OrderCatalog.Kinds.SelectMany(k => k.Subtypes.Where(s => s.Safety).Select(s => s.Name)).Order());
        Assert.Equal(["meter-fault", "other"], OrderCatalog.Kind("repair").Subtypes.Where(s => s.GuidedFirst).Select(s => s.Name));
        Assert.Equal([("report", "electricity-theft")],
            OrderCatalog.Kinds.SelectMany(k => k.Subtypes.Where(s => s.RewardWhenVerified).Select(s => (k.Name, s.Name))));
        Assert.Equal(["complaint"], OrderCatalog.Kinds.Where(k => k.RepeatRule).Select(k => k.Name));
        Assert.Equal(["repair"], OrderCatalog.Kinds.Where(k => k.AddressRequired).Select(k => k.Name));
    }

    [Fact]
    public void An_unknown_kind_or_subtype_is_never_called_back_and_is_refused_where_a_kind_is_required()
    {
        Assert.Equal(None, OrderCatalog.CallbackFor("meteor", "no-power", appointmentService: true));
        Assert.Equal(None, OrderCatalog.CallbackFor("inquiry", "weather", appointmentService: false));
        Assert.Null(OrderCatalog.Find("meteor"));
        Assert.Throws<ArgumentOutOfRangeException>(() => OrderCatalog.Kind("meteor"));
    }
}
