using System.Globalization;
using Marten;
using PowerMicro.Contracts;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Intake.OrderView;

/// <summary>GET /api/orders/{id} and GET /api/orders (filters: kind, status, accountNo, from, to; paging, newest first).</summary>
public static class GetOrderEndpoints
{
    public const int MaxPageSize = 100;

    public static async Task<IResult> One(Guid orderId, IQuerySession session, CancellationToken cancellationToken)
    {
        PowerMicroActivity.TagOrder(orderId);
        var view = await session.LoadAsync<OrderView>(orderId, cancellationToken);
        return view is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such order.", detail: $"Order {orderId} is unknown.")
            : Results.Ok(OrderResponse.From(view));
    }

    public static async Task<IResult> List(HttpRequest request, IQuerySession session, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        string? Get(string name) => request.Query[name].ToString() is { Length: > 0 } v ? v : null;

        var kind = Get("kind");
        if (kind is not null && !OrderKinds.Subtypes.ContainsKey(kind)) errors["kind"] = [$"Must be one of: {string.Join(", ", OrderKinds.Subtypes.Keys)}."];
        var status = Get("status");
        if (status is not null && !OrderKinds.Statuses.Contains(status)) errors["status"] = [$"Must be one of: {string.Join(", ", OrderKinds.Statuses)}."];
        var accountNo = Get("accountNo");
        if (accountNo is not null && (accountNo.Length != 10 || !accountNo.All(char.IsAsciiDigit)))
            errors["accountNo"] = ["Must be the 10-digit account number."];
        DateTimeOffset? Time(string name)
        {
            if (Get(name) is not { } text) return null;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
            errors[name] = ["Must be an ISO 8601 date and time."];
            return null;
        }
        var from = Time("from");
        var to = Time("to");
        int Number(string name, int fallback, int max)
        {
            if (Get(name) is not { } text) return fallback;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max) return n;
            errors[name] = [$"Must be a whole number from 1 to {max}."];
            return fallback;
        }
        var page = Number("page", 1, 100_000);
        var pageSize = Number("pageSize", 20, MaxPageSize);
        if (errors.Count > 0) return Results.ValidationProblem(errors, title: "The filters are not valid.");

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
