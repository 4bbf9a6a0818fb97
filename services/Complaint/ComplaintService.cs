using JasperFx.Events.Projections;
using PowerMicro.Complaint.Cases;
using PowerMicro.Complaint.Deadlines;
using PowerMicro.Complaint.Queue;
using PowerMicro.Complaint.Repeats;
using PowerMicro.Complaint.Stats;
using PowerMicro.Contracts;
using PowerMicro.Durable;
using PowerMicro.Durable.Deadlines;
using PowerMicro.Durable.Relay;
using PowerMicro.Durable.Writing;
using PowerMicro.ServiceDefaults;
using PowerMicro.ServiceDefaults.OpenApi;
using PowerMicro.ServiceDefaults.Privacy;
using PowerMicro.Durable.EventStore;

namespace PowerMicro.Complaint;

/// <summary>The complaint service: complaints and reports against their 24-hour, 5-day and 10-day promises.</summary>
public static class ComplaintService
{
    public const string Name = "complaint";

    public static WebApplicationBuilder AddComplaint(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(Name);
        builder.AddEventStore(Name, options =>
            {
                options.Projections.Add(new AggregateProjection<ComplaintCase>(), ProjectionLifecycle.Inline);
                options.Schema.For<ComplaintCase>()
                    .Duplicate(c => c.Status).Duplicate(c => c.ReceivedAt);
                options.Schema.For<ComplaintMatter>();
            })
            .AddEventRelay(Name, MapIntegrationEvents);
        builder.AddDurableServiceBus(Name, x =>
        {
            x.AddConsumer<OrderReceivedConsumer>();
            x.AddConsumer<OrderReopenedConsumer>();
            x.AddDeadlineConsumer<ComplaintCase>(Name);
        });
        builder.AddDeadlines(Name, CaseDeadlines.Defaults, CaseDeadlines.LegacySection);
        builder.Services.AddScoped<CaseWrites>();
        builder.Services.AddOptions<RepeatOptions>().BindConfiguration(RepeatOptions.Section);
        builder.Services.AddOptions<StatsOptions>().BindConfiguration("Complaints");
        builder.Services.AddOpenApi().AddOpenApiEnums(FixedFieldValues.ByJsonName);
        return builder;
    }

    public static WebApplication MapComplaint(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapOpenApi();
        var complaints = app.MapGroup("/api/complaints").WithTags("Complaints");
        complaints.MapQueue();
        complaints.MapStats();
        complaints.MapCases();
        return app;
    }

    /// <summary>The integration events (contracts/) published from the stored case events.</summary>
    public static void MapIntegrationEvents(IntegrationEventMap map) => map
        .Map<CaseOpened>((e, m) => new ComplaintOpened(m.OrderId, e.At, m.Sequence, m.Source, e.Kind, e.Subtype, e.Tier, e.Repeat, e.MatterCount))
        .Map<DeadlineStarted>((e, m) => new DeadlineSet(m.OrderId, e.At, m.Sequence, m.Source, e.Name, e.DueAt))
        .Map<DeadlineKept>((e, m) => new DeadlineMet(m.OrderId, e.At, m.Sequence, m.Source, e.Name, e.At, e.OnTime))
        .Map<DeadlineMissed>((e, m) => new SlaBreached(m.OrderId, e.At, m.Sequence, m.Source, e.Name, e.DueAt, e.LateBySeconds))
        .Map<CaseEscalated>((e, m) => new ComplaintEscalated(m.OrderId, e.At, m.Sequence, m.Source, e.Reason))
        .Map<CustomerContacted>((e, m) => new ComplaintContacted(m.OrderId, e.At, m.Sequence, m.Source, e.By, e.OnTime))
        .Map<CaseReplied>((e, m) => new OrderCompleted(m.OrderId, e.At, m.Sequence, m.Source, e.Kind, e.Subtype,
            AppointmentService: false, e.Tier, Result: "replied", e.Round))
        .Map<RewardDue>((e, m) => new ReporterRewardDue(m.OrderId, e.At, m.Sequence, m.Source, e.AccountNo, ContactMask.Name(e.Name)));
}
