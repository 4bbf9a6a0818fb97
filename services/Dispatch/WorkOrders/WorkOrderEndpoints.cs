using Marten;
using Marten.Pagination;
using PowerMicro.Dispatch.Crews;
using PowerMicro.Durable.Writing;
using PowerMicro.ServiceDefaults.Input;
using PowerMicro.ServiceDefaults.Telemetry;
using PowerMicro.ServiceDefaults.OpenApi;

namespace PowerMicro.Dispatch.WorkOrders;

/// <summary>The crew comes from the token; a crew named here must be the same.</summary>
public sealed record ArriveRequest(string? Crew);
public sealed record CompleteRequest(string Result, string? Note, string? Crew);
public sealed record GuideRequest(string Outcome, string? Note);

public sealed record DeadlineView(string Name, int Round, DateTimeOffset DueAt, DateTimeOffset? MetAt, bool? OnTime, bool Breached, double? LateBySeconds);

public sealed record WorkOrderView(
    Guid OrderId, string Number, string Subtype, string Area, int Priority, string Tier, int Importance,
    string Status, int Round, string? Crew, bool CustomerSide, bool Supervision, bool Overdue,
    DateTimeOffset ReceivedAt, DateTimeOffset? DispatchedAt, DateTimeOffset? ArrivedAt, DateTimeOffset? CompletedAt,
    string? Result, string? Note, string? Address, string Description,
    IReadOnlyList<DeadlineView> Deadlines, IReadOnlyList<TimelineStep> Timeline)
{
    public static WorkOrderView From(WorkOrder w, DateTimeOffset now) => new(
        w.Id, w.Number, w.Subtype, w.Area, w.Priority, w.Tier, w.Importance, w.Status, w.Round, w.Crew, w.CustomerSide,
        w.Supervision, w.OpenDueAt is { } due && due <= now, w.ReceivedAt, w.DispatchedAt, w.ArrivedAt, w.CompletedAt,
        w.Result, w.Note, w.Address, w.Description,
        w.Deadlines.Select(d => new DeadlineView(d.Name, d.Round, d.DueAt, d.MetAt, d.OnTime, d.Breached, d.LateBySeconds)).ToList(),
        w.Timeline);
}

public sealed record WorkOrderPage(IReadOnlyList<WorkOrderView> Items, int Page, int PageSize, long Total);

public static class WorkOrderEndpoints
{
    public static readonly string[] Results_ = ["restored", "customer-side-fault", "referred"];
    public const int MaxNoteLength = 2000;

    public static void MapWorkOrders(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/dispatch/work-orders").WithTags("Work orders");

        group.MapGet("", List)
            .WithSummary("Work orders, most urgent waiting first (filters: status, area, crew, overdue; page, pageSize).")
            .Produces<WorkOrderPage>().ProducesValidationProblem().WithQuery(ListQuery);
        group.MapGet("/{orderId}", Get)
            .WithSummary("One work order with its deadlines and timeline.")
            .Produces<WorkOrderView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{orderId}/arrive", Arrive)
            .WithSummary("The assigned crew reached the site (stops the arrival deadline, starts restoration).")
            .Accepts<ArriveRequest>("application/json")
            .Produces<WorkOrderView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{orderId}/complete", Complete)
            .WithSummary("The crew finished: result restored, customer-side-fault or referred.")
            .Accepts<CompleteRequest>("application/json")
            .Produces<WorkOrderView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{orderId}/guide", Guide)
            .WithSummary("Ends the guidance of a customer-side fault: self-fixed (completes it) or dispatch (sends a crew).")
            .Accepts<GuideRequest>("application/json")
            .Produces<WorkOrderView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static readonly QueryParameter[] ListQuery =
    [
        new("status", QueryValue.Text, "A work-order status.", WorkOrderStatus.All),
        new("area", QueryValue.Text, "A service area.", PowerMicro.Contracts.OrderKinds.Areas),
        new("crew", QueryValue.Text, "A crew id of the roster (a crew's own token sees only its own work orders)."),
        new("overdue", QueryValue.Boolean, "true: only work orders past a deadline."),
        CommonQuery.Page, CommonQuery.PageSize(500),
    ];

    private static async Task<IResult> List(HttpContext http, IQuerySession session, CrewRoster roster, TimeProvider clock)
    {
        var (own, forbidden) = CrewAccess.Of(http, roster);
        if (forbidden is not null) return forbidden;
        var input = new QueryInput(http.Request, ListQuery);
        var status = input.OneOf("status", WorkOrderStatus.All);
        var area = input.OneOf("area", PowerMicro.Contracts.OrderKinds.Areas);
        var crew = input.OneOf("crew", roster.Crews.Select(c => c.Id).ToArray());
        var overdue = input.Bool("overdue");
        var page = input.Int("page", 1, 1, 100_000);
        var pageSize = input.Int("pageSize", 50, 1, 500);
        if (!input.Valid) return input.Problem();
        if (own is not null && crew is not null && crew != own) return CrewAccess.OtherCrewNamed();
        crew = own ?? crew;

        var now = clock.GetUtcNow();
        IQueryable<WorkOrder> query = session.Query<WorkOrder>();
        if (status is not null) query = query.Where(w => w.Status == status);
        if (area is not null) query = query.Where(w => w.Area == area);
        if (crew is not null) query = query.Where(w => w.Crew == crew);
        if (overdue == true) query = query.Where(w => w.OpenDueAt != null && w.OpenDueAt <= now);
        if (overdue == false) query = query.Where(w => w.OpenDueAt == null || w.OpenDueAt > now);
        var found = await query.OrderBy(w => w.Urgency).ThenBy(w => w.Priority).ThenBy(w => w.ReceivedAt)
            .ToPagedListAsync(page, pageSize, http.RequestAborted);
        return Results.Ok(new WorkOrderPage(found.Select(w => WorkOrderView.From(w, now)).ToList(), page, pageSize, found.TotalItemCount));
    }

    private static async Task<IResult> Get(string orderId, IQuerySession session, CrewRoster roster, TimeProvider clock, HttpContext http)
    {
        if (!RouteId.TryParse(orderId, "orderId", "Unknown work order.", out var id, out var invalid)) return invalid!;
        var (own, forbidden) = CrewAccess.Of(http, roster);
        if (forbidden is not null) return forbidden;
        if (new QueryInput(http.Request) is { Valid: false } query) return query.Problem();
        var order = await session.LoadAsync<WorkOrder>(id, http.RequestAborted);
        if (order is null) return NotFound(id);
        PowerMicroActivity.TagOrder(id);
        if (own is not null && order.Crew != own) return CrewAccess.NotYours();
        return Results.Ok(WorkOrderView.From(order, clock.GetUtcNow()));
    }

    /// <summary>The caller's crew for an action on a work order: the token's crew, which must be the one assigned.</summary>
    private static async Task<(string? Crew, IResult? Problem)> ActingCrew(Guid id, JsonObjectInput body, HttpContext http, CrewRoster roster,
        IQuerySession session)
    {
        var (own, forbidden) = CrewAccess.Of(http, roster);
        if (forbidden is not null) return (null, forbidden);
        if (own is null) return (null, ApiResults.Forbidden("Only a crew records its work."));
        var named = body.Text("crew", required: false, 64);
        if (!body.Valid) return (null, body.Problem());
        if (named is not null && named != own) return (null, CrewAccess.OtherCrewNamed());
        var order = await session.LoadAsync<WorkOrder>(id, http.RequestAborted);
        if (order is null) return (null, NotFound(id));
        if (order.Crew is not null && order.Crew != own) return (null, CrewAccess.NotYours());
        return (own, null);
    }

    private static async Task<IResult> Arrive(string orderId, HttpContext http, WorkOrderWrites writes, CrewRoster roster, IQuerySession session, TimeProvider clock)
    {
        if (!RouteId.TryParse(orderId, "orderId", "Unknown work order.", out var id, out var invalid)) return invalid!;
        var (body, problem) = await JsonBody.ReadAsync(http.Request, required: false, "crew");
        if (problem is not null) return problem;
        var (crew, refused) = await ActingCrew(id, body!, http, roster, session);
        if (refused is not null) return refused;
        PowerMicroActivity.TagOrder(id);
        return Answer(id, await writes.Arrive(id, crew!, http.RequestAborted), clock);
    }

    private static async Task<IResult> Complete(string orderId, HttpContext http, WorkOrderWrites writes, CrewRoster roster, IQuerySession session, TimeProvider clock)
    {
        if (!RouteId.TryParse(orderId, "orderId", "Unknown work order.", out var id, out var invalid)) return invalid!;
        var (body, problem) = await JsonBody.ReadAsync(http.Request, required: true, "result", "note", "crew");
        if (problem is not null) return problem;
        var result = body!.OneOf("result", Results_, required: true);
        var note = body.Text("note", required: false, MaxNoteLength, multiline: true);
        if (!body.Valid) return body.Problem();
        var (crew, refused) = await ActingCrew(id, body, http, roster, session);
        if (refused is not null) return refused;
        PowerMicroActivity.TagOrder(id);
        return Answer(id, await writes.Complete(id, result!, note, crew, http.RequestAborted), clock);
    }

    private static async Task<IResult> Guide(string orderId, HttpContext http, WorkOrderWrites writes, TimeProvider clock)
    {
        if (!RouteId.TryParse(orderId, "orderId", "Unknown work order.", out var id, out var invalid)) return invalid!;
        var (body, problem) = await JsonBody.ReadAsync(http.Request, required: true, "outcome", "note");
        if (problem is not null) return problem;
        var outcome = body!.OneOf("outcome", GuidanceOutcome.All, required: true);
        var note = body.Text("note", required: false, MaxNoteLength, multiline: true);
        if (!body.Valid) return body.Problem();
        PowerMicroActivity.TagOrder(id);
        return Answer(id, await writes.Guide(id, outcome!, note, http.RequestAborted), clock);
    }

    private static IResult Answer(Guid id, WriteResult<WorkOrder> result, TimeProvider clock) =>
        result.Answer(order => Results.Ok(WorkOrderView.From(order, clock.GetUtcNow())), $"Work order {id}", () => NotFound(id));

    private static IResult NotFound(Guid id) => ApiResults.NotFound("Unknown work order.", $"There is no work order for order {id}.");
}
