using JasperFx.Events;
using Marten.Events.Aggregation;
using PowerMicro.Durable.Writing;

namespace PowerMicro.Dispatch.WorkOrders;

/// <summary>Marten keeps the work order document inline with the work order's Evolve, the same fold the writes decide on.</summary>
public sealed class WorkOrderProjection : SingleStreamProjection<WorkOrder, Guid>
{
    public override WorkOrder? Evolve(WorkOrder? snapshot, Guid id, IEvent e)
    {
        var next = IAggregate<WorkOrder>.Fold(snapshot, [e.Data]);
        return next is not null && next.Id != id ? next with { Id = id } : next; // events stored before WorkOrderOpened had OrderId
    }
}
