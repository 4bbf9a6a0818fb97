using JasperFx.Events.Projections;
using Marten;
using PowerMicro.Contracts;
using PowerMicro.Dispatch.Crews;
using PowerMicro.Dispatch.Deadlines;
using PowerMicro.Dispatch.Sla;
using PowerMicro.Dispatch.WorkOrders;
using PowerMicro.Durable;
using PowerMicro.Durable.Deadlines;
using PowerMicro.Durable.Relay;
using PowerMicro.ServiceDefaults;
using PowerMicro.ServiceDefaults.OpenApi;
using PowerMicro.Durable.EventStore;

namespace PowerMicro.Dispatch;

/// <summary>The dispatch service: repairs become work orders assigned to field crews against the arrival and restoration promises.</summary>
public static class DispatchService
{
    public const string Name = "dispatch";

    public static WebApplicationBuilder AddDispatch(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(Name);

        var roster = builder.Configuration.GetSection(CrewRoster.Section).Get<CrewRoster>() ?? new CrewRoster();
        roster.Validate();
        builder.Services.AddSingleton(roster);

        builder.AddEventStore(Name, options =>
            {
                options.Projections.Add(new WorkOrderProjection(), ProjectionLifecycle.Inline);
                options.Schema.For<WorkOrder>()
                    .DocumentAlias(WorkOrder.Alias)
                    .Duplicate(w => w.Status)
                    .Duplicate(w => w.Area)
                    .Duplicate(w => w.Crew!);
            })
            .AddEventRelay(Name, MapIntegrationEvents);

        builder.AddDurableServiceBus(Name, x =>
        {
            x.AddConsumer<RepairReceivedConsumer>();
            x.AddConsumer<RepairReopenedConsumer>();
            x.AddDeadlineConsumer<WorkOrder>(Name);
        });
        builder.AddDeadlines(Name, ServiceLimits.Defaults);
        builder.Services.AddScoped<CrewAssignmentLocks>();
        builder.Services.AddScoped<WorkOrderWrites>();
        builder.Services.AddHostedService<WaitingQueueStartup>();
        builder.Services.AddOpenApi().AddOpenApiEnums(FixedFieldValues.ByJsonName);
        return builder;
    }

    public static WebApplication MapDispatch(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapOpenApi();
        app.MapWorkOrders();
        app.MapSla();
        return app;
    }

    /// <summary>The integration events (contracts/) published from the work order's stored events; the rest stay private.</summary>
    public static void MapIntegrationEvents(IntegrationEventMap map) => map
        .Map<CrewAssigned>((e, m) => new OrderDispatched(m.OrderId, e.At, m.Sequence, m.Source, e.Crew, e.Area, e.ArrivalDueAt, e.Round))
        .Map<CrewArrivedOnSite>((e, m) => new CrewArrived(m.OrderId, e.At, m.Sequence, m.Source, e.Crew, e.OnTime, e.RestorationDueAt))
        .Map<WorkCompleted>((e, m) => new OrderCompleted(m.OrderId, e.At, m.Sequence, m.Source,
            OrderKinds.Repair, e.Subtype, AppointmentService: false, e.Tier, e.Result, e.Round))
        .Map<DeadlineStarted>((e, m) => new DeadlineSet(m.OrderId, e.At, m.Sequence, m.Source, e.Deadline, e.DueAt))
        .Map<DeadlineKept>((e, m) => new DeadlineMet(m.OrderId, e.At, m.Sequence, m.Source, e.Deadline, e.At, e.OnTime))
        .Map<DeadlineMissed>((e, m) => new SlaBreached(m.OrderId, e.At, m.Sequence, m.Source, e.Deadline, e.DueAt, e.LateBySeconds));
}
