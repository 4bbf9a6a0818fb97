using Marten;
using PowerMicro.Contracts;
using PowerMicro.ServiceDefaults.Input;
using PowerMicro.ServiceDefaults.Privacy;
using PowerMicro.ServiceDefaults.Security;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Intake.OrderView;

/// <summary>GET /api/orders/{id} and GET /api/orders (filters: kind, status, accountNo, from, to; paging, newest first).</summary>
public static class GetOrderEndpoints
{
    public const int MaxPageSize = 100;

    public static async Task<IResult> One(string orderId, HttpContext http, IQuerySession session, CancellationToken cancellationToken)
    {
        if (!RouteId.TryParse(orderId, "orderId", "No such order.", out var id, out var invalid)) return invalid!;
        if (new QueryInput(http.Request) is { Valid: false } query) return query.Problem();
        var view = await session.LoadAsync<OrderView>(id, cancellationToken);
        if (view is null) return ApiResults.NotFound("No such order.", $"Order {id} is unknown.");
        PowerMicroActivity.TagOrder(id);
        var response = OrderResponse.From(view);
        return Results.Ok(MaySeeContact(http.Caller(), view) ? response : response with { Customer = Masked(view.Customer) });
    }

    /// <summary>Name and phone: agents, supervisors, and the crew the repair is assigned to (now). Everyone else sees them masked.</summary>
    public static bool MaySeeContact(CallerIdentity? caller, OrderView view) => caller switch
    {
        { Role: Roles.Agent or Roles.Supervisor } => true,
        { Role: Roles.Crew, Crew: { } crew } => AssignedCrew(view) == crew,
        _ => false,
    };

    /// <summary>The crew of the latest dispatch (the order view keeps the crew as the detail of OrderDispatched).</summary>
    public static string? AssignedCrew(OrderView view) =>
        view.Timeline.LastOrDefault(t => t.Type == nameof(OrderDispatched))?.Detail;

    public static Customer Masked(Customer customer) =>
        customer with { Name = ContactMask.Name(customer.Name), Phone = ContactMask.Phone(customer.Phone) };

    public static readonly QueryParameter[] ListQuery =
    [
        new("kind", QueryValue.Text, "An order kind.", [.. OrderKinds.Subtypes.Keys]),
        new("status", QueryValue.Text, "An order status.", OrderKinds.Statuses),
        new("accountNo", QueryValue.Text, "The customer's 10-digit account number."),
        CommonQuery.From, CommonQuery.To, CommonQuery.Page, CommonQuery.PageSize(MaxPageSize),
    ];

    public static async Task<IResult> List(HttpRequest request, IQuerySession session, CancellationToken cancellationToken)
    {
        var input = new QueryInput(request, ListQuery);
        var kind = input.OneOf("kind", OrderKinds.Subtypes.Keys.ToArray());
        var status = input.OneOf("status", OrderKinds.Statuses);
        var accountNo = input.Text("accountNo");
        if (accountNo is not null && (accountNo.Length != 10 || !accountNo.All(char.IsAsciiDigit)))
            input.Errors.Add("accountNo", "Must be the 10-digit account number.");
        var from = input.Time("from");
        var to = input.Time("to");
        if (from is not null && to is not null && from > to) input.Errors.Add("from", "Must not be after to.");
        var page = input.Int("page", 1, 1, 100_000);
        var pageSize = input.Int("pageSize", 20, 1, MaxPageSize);
        if (!input.Valid) return input.Problem("The filters are not valid.");

        var query = session.Query<OrderView>().AsQueryable();
        if (kind is not null) query = query.Where(o => o.Kind == kind);
        if (status is not null) query = query.Where(o => o.Status == status);
        if (accountNo is not null) query = query.Where(o => o.Customer.AccountNo == accountNo);
        if (from is not null) query = query.Where(o => o.ReceivedAt >= from.Value);
        if (to is not null) query = query.Where(o => o.ReceivedAt < to.Value);

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(o => o.ReceivedAt).Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return Results.Ok(new OrderPage(
            items.Select(o => new OrderSummary(o.Id, o.Number, o.Kind, o.Subtype, o.Status, o.Priority, o.Area, o.Customer.Tier,
                o.ReceivedAt, o.Supervised)).ToList(),
            page, pageSize, total));
    }
}
