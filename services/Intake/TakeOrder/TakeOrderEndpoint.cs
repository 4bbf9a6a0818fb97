using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JasperFx;
using Marten;
using PowerMicro.Durable.Relay;
using PowerMicro.Intake.Orders;
using PowerMicro.Intake.OrderView;
using PowerMicro.ServiceDefaults.Security;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Intake.TakeOrder;

/// <summary>POST /api/orders: every customer contact becomes an order, its own event stream.</summary>
public static class TakeOrderEndpoint
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static async Task<IResult> Handle(HttpContext http, IDocumentStore store, OrderNumbers numbers, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellationToken)).RootElement;
        }
        catch (JsonException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not valid JSON.", detail: ex.Message);
        }

        var now = clock.GetUtcNow();
        var (request, errors) = TakeOrderReader.Read(body, now);
        if (request is null) return Results.ValidationProblem(errors, title: "The order is not valid.");

        var key = http.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length > 100 || key.Any(char.IsControl))
            return Results.ValidationProblem(new Dictionary<string, string[]> { [IdempotencyHeader] = ["At most 100 printable characters."] });
        var bodyHash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));

        if (key.Length > 0 && await Replay(store, key, bodyHash, cancellationToken) is { } replay) return replay;

        var orderId = Guid.CreateVersion7(now);
        PowerMicroActivity.TagOrder(orderId);
        var customer = request.Customer.ToCustomer();
        var taken = new OrderTaken(orderId, await numbers.NextAsync(now, cancellationToken), now,
            CallerIdentity.From(http)?.User ?? "unknown",
            request.Kind, request.Subtype, request.Channel, request.Area,
            Priority.For(request.Kind, request.Subtype, customer.Tier, customer.Importance), customer,
            request.Address, request.Description, request.AppointmentAt, request.SpecialCare,
            Activity.Current?.TraceId.ToString() ?? "");

        await using var session = store.OpenTracedSession();
        session.Events.StartStream(orderId, taken);
        var view = OrderViewProjector.Create(IntegrationEvents.Received(taken, 1));
        session.Insert(view);
        if (key.Length > 0) session.Insert(new IdempotencyRecord(key, bodyHash, orderId, now));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException) when (key.Length > 0)
        {
            // A concurrent request with the same key won the race; answer as it did.
            return await Replay(store, key, bodyHash, cancellationToken)
                   ?? throw new InvalidOperationException("Idempotency record vanished after a conflict.");
        }
        return Results.Created($"/api/orders/{orderId}", OrderResponse.From(view));
    }

    private static async Task<IResult?> Replay(IDocumentStore store, string key, string bodyHash, CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        var record = await query.LoadAsync<IdempotencyRecord>(key, cancellationToken);
        if (record is null) return null;
        if (record.BodyHash != bodyHash)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key reused with a different body.",
                detail: $"The key was first used for order {record.OrderId}; send a new key for a new order.");
        PowerMicroActivity.TagOrder(record.OrderId);
        var view = await query.LoadAsync<OrderView.OrderView>(record.OrderId, cancellationToken);
        return Results.Created($"/api/orders/{record.OrderId}", OrderResponse.From(view!));
    }
}
