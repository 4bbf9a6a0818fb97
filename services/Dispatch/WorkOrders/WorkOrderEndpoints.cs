using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Pagination;
using PowerMicro.Dispatch.Crews;
using PowerMicro.Dispatch.Http;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Dispatch.WorkOrders;

public sealed record ArriveRequest(string Crew);
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

    public static void MapWorkOrders(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/dispatch/work-orders").WithTags("Work orders");

        group.MapGet("", List)
            .WithSummary("Work orders, most urgent waiting first (filters: status, area, crew, overdue; page, pageSize).")
            .Produces<WorkOrderPage>().ProducesValidationProblem();
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

    private static async Task<IResult> List(HttpRequest request, IQuerySession session, CrewRoster roster, TimeProvider clock)
    {
        var input = new RequestInput();
        var status = input.QueryOneOf(request, "status", WorkOrderStatus.All);
        var area = input.QueryOneOf(request, "area", PowerMicro.Contracts.OrderKinds.Areas);
        var crew = input.QueryOneOf(request, "crew", roster.Crews.Select(c => c.Id).ToArray());
        var overdue = input.QueryBool(request, "overdue");
        var page = input.QueryInt(request, "page", 1, 1, 100_000);
        var pageSize = input.QueryInt(request, "pageSize", 50, 1, 500);
        if (!input.Valid) return input.Problem();

        var now = clock.GetUtcNow();
        IQueryable<WorkOrder> query = session.Query<WorkOrder>();
        if (status is not null) query = query.Where(w => w.Status == status);
        if (area is not null) query = query.Where(w => w.Area == area);
        if (crew is not null) query = query.Where(w => w.Crew == crew);
        if (overdue == true) query = query.Where(w => w.OpenDueAt != null && w.OpenDueAt <= now);
        if (overdue == false) query = query.Where(w => w.OpenDueAt == null || w.OpenDueAt > now);
        var found = await query.OrderBy(w => w.Urgency).ThenBy(w => w.Priority).ThenBy(w => w.ReceivedAt)
            .ToPagedListAsync(page, pageSize, request.HttpContext.RequestAborted);
        return Results.Ok(new WorkOrderPage(found.Select(w => WorkOrderView.From(w, now)).ToList(), page, pageSize, found.TotalItemCount));
    }

    private static async Task<IResult> Get(string orderId, IQuerySession session, TimeProvider clock, HttpContext http)
    {
        var input = new RequestInput();
        var id = input.OrderId(orderId);
        if (id is null) return input.Problem();
        PowerMicroActivity.TagOrder(id.Value);
        var order = await session.LoadAsync<WorkOrder>(id.Value, http.RequestAborted);
        return order is null ? NotFound(id.Value) : Results.Ok(WorkOrderView.From(order, clock.GetUtcNow()));
    }

    private static async Task<IResult> Arrive(string orderId, HttpRequest request, DispatchDesk desk, CrewRoster roster, TimeProvider clock)
    {
        var input = new RequestInput();
        var id = input.OrderId(orderId);
        var body = await input.ReadObject(request, ["crew"]);
        string? crew = null;
        if (body is { } b)
        {
            crew = input.String(b, "crew", required: true, maxLength: 64);
            if (!string.IsNullOrEmpty(crew) && roster.Find(crew) is null) input.Error("crew", $"Unknown crew '{crew}'.");
        }
        if (!input.Valid || id is null || crew is null) return input.Problem();
        PowerMicroActivity.TagOrder(id.Value);
        return Answer(id.Value, await Retrying(() => desk.Arrive(id.Value, crew, request.HttpContext.RequestAborted)), clock);
    }

    private static async Task<IResult> Complete(string orderId, HttpRequest request, DispatchDesk desk, CrewRoster roster, TimeProvider clock)
    {
        var input = new RequestInput();
        var id = input.OrderId(orderId);
        var body = await input.ReadObject(request, ["result", "note", "crew"]);
        string? result = null, note = null, crew = null;
        if (body is { } b)
        {
            result = input.OneOf(b, "result", Results_, required: true);
            note = input.String(b, "note", required: false, maxLength: RequestInput.MaxNoteLength);
            crew = input.String(b, "crew", required: false, maxLength: 64);
            if (!string.IsNullOrEmpty(crew) && roster.Find(crew) is null) input.Error("crew", $"Unknown crew '{crew}'.");
        }
        if (!input.Valid || id is null || result is null) return input.Problem();
        PowerMicroActivity.TagOrder(id.Value);
        return Answer(id.Value, await Retrying(() => desk.Complete(id.Value, result, Empty(note), Empty(crew), request.HttpContext.RequestAborted)), clock);
    }

    private static async Task<IResult> Guide(string orderId, HttpRequest request, DispatchDesk desk, TimeProvider clock)
    {
        var input = new RequestInput();
        var id = input.OrderId(orderId);
        var body = await input.ReadObject(request, ["outcome", "note"]);
        string? outcome = null, note = null;
        if (body is { } b)
        {
            outcome = input.OneOf(b, "outcome", GuidanceOutcome.All, required: true);
            note = input.String(b, "note", required: false, maxLength: RequestInput.MaxNoteLength);
        }
        if (!input.Valid || id is null || outcome is null) return input.Problem();
        PowerMicroActivity.TagOrder(id.Value);
        return Answer(id.Value, await Retrying(() => desk.EndGuidance(id.Value, outcome, Empty(note), request.HttpContext.RequestAborted)), clock);
    }

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static IResult Answer(Guid id, DeskResult result, TimeProvider clock) => result switch
    {
        DeskResult.Done done => Results.Ok(WorkOrderView.From(done.Order, clock.GetUtcNow())),
        DeskResult.Refused refused => Results.Problem(statusCode: StatusCodes.Status409Conflict,
            title: "The work order is not in a state that allows this.", detail: refused.Reason),
        _ => NotFound(id),
    };

    private static IResult NotFound(Guid id) => Results.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Unknown work order.", detail: $"There is no work order for order {id}.");

    /// <summary>A concurrent change of the same stream (e.g. its deadline timer) fails the commit: decide again on fresh state.</summary>
    private static async Task<DeskResult> Retrying(Func<Task<DeskResult>> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (Exception ex) when (attempt < 5 && ex is ConcurrencyException or EventStreamUnexpectedMaxEventIdException
                                           or ExistingStreamIdCollisionException or Marten.Exceptions.MartenCommandException { InnerException: Npgsql.PostgresException { SqlState: "23505" } })
            {
                await Task.Delay(20 * attempt);
            }
        }
    }
}
