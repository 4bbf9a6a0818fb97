using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Tracing;
using PowerMicro.Durable.Writing;
using PowerMicro.Intake.Orders;
using PowerMicro.Intake.OrderView;
using PowerMicro.Intake.PublicEvents;
using PowerMicro.Contracts;
using PowerMicro.ServiceDefaults.Input;
using PowerMicro.ServiceDefaults.Security;
using PowerMicro.ServiceDefaults.Telemetry;

namespace PowerMicro.Intake.TakeOrder;

/// <summary>POST /api/orders: every customer contact becomes an order, its own event stream.</summary>
public static class TakeOrderEndpoint
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static async Task<IResult> Handle(HttpContext http, IDocumentStore store, OrderNumbers numbers, IdempotencyKeys keys, TimeProvider clock,
        AggregateWriter writer, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request, required: true, TakeOrderReader.Fields);
        if (problem is not null) return problem;

        var now = clock.GetUtcNow();
        var request = TakeOrderReader.Read(body!, now);
        if (request is null) return body!.Problem("The order is not valid.");

        var keyValues = http.Request.Headers[IdempotencyHeader];
        var key = keyValues.ToString();
        if (keyValues.Count > 1 || key.Length > 100 || key.Any(c => c is < '!' or > '~'))
            return ApiResults.Invalid(IdempotencyHeader, "Once, at most 100 printable ASCII characters.");
        var bodyHash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));

        if (key.Length > 0 && await Replay(store, keys, key, bodyHash, cancellationToken) is { } replay) return replay;

        var orderId = Guid.CreateVersion7(now);
        PowerMicroActivity.TagOrder(orderId);
        var command = new TakeNewOrder(orderId, await numbers.NextAsync(now, cancellationToken), CallerIdentity.From(http)?.User ?? "unknown",
            request.Kind, request.Subtype, request.Channel, request.Area, request.Customer.ToCustomer(),
            request.Address, request.Description, request.AppointmentAt, request.SpecialCare, Activity.Current?.TraceId.ToString() ?? "");

        IdempotencyKeys.Entry? earlier = null;
        OrderView.OrderView? view = null;
        var result = await writer.Write(orderId, command, OrderDecisions.Take, new WriteSteps<OrderState, TakeNewOrder>
        {
            NewStream = true,
            // Requests with one key wait for each other here; a key used before means nothing is taken.
            Prepare = async (session, _, take, token) =>
                key.Length > 0 && (earlier = await keys.LockAsync(session, key, token)) is not null ? take with { KeyTaken = true } : take,
            Join = (session, change, _) =>
            {
                var taken = (OrderTaken)change.Events[0];
                OrderFirstTrace.RememberIn(session, orderId);
                var received = IntegrationEvents.Received(taken, session.PendingSequence(taken));
                view = OrderViewProjector.Create(received);
                session.Record(received, nameof(OrderReceived), taken.Kind, session.PendingEventId(taken));
                session.Insert(view);
                if (key.Length > 0) keys.Record(session, key, bodyHash, orderId, now);
                return Task.CompletedTask;
            },
        }, cancellationToken);
        if (earlier is not null)
            return await Replay(store, keys, key, bodyHash, cancellationToken) ?? throw new InvalidOperationException("Idempotency key vanished.");
        return result.Answer(_ => Results.Created($"/api/orders/{orderId}", OrderResponse.From(view!)), $"Order {orderId}");
    }

    private static async Task<IResult?> Replay(IDocumentStore store, IdempotencyKeys keys, string key, string bodyHash,
        CancellationToken cancellationToken)
    {
        var record = await keys.FindAsync(key, cancellationToken);
        if (record is null) return null;
        if (record.BodyHash != bodyHash)
            return ApiResults.Conflict("Idempotency-Key reused with a different body.",
                $"The key was first used for order {record.OrderId}; send a new key for a new order.");
        PowerMicroActivity.TagOrder(record.OrderId);
        await using var query = store.QuerySession();
        var view = await query.LoadAsync<OrderView.OrderView>(record.OrderId, cancellationToken);
        return Results.Created($"/api/orders/{record.OrderId}", OrderResponse.From(view!));
    }
}
