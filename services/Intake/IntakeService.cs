using PowerMicro.Durable;
using PowerMicro.Durable.Relay;
using PowerMicro.Intake.AnswerOrder;
using PowerMicro.Intake.Orders;
using PowerMicro.Intake.OrderView;
using PowerMicro.Intake.TakeOrder;
using PowerMicro.ServiceDefaults;
using PowerMicro.ServiceDefaults.EventStore;
using PowerMicro.ServiceDefaults.Privacy;
using PowerMicro.ServiceDefaults.Security;

namespace PowerMicro.Intake;

public static class IntakeService
{
    public const string Name = "intake";

    public static WebApplicationBuilder AddIntake(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(Name);
        var seal = new ContactSeal(AuthOptions.From(builder.Configuration));
        builder.AddEventStore(Name, options =>
            {
                options.Schema.For<OrderView.OrderView>().UseOptimisticConcurrency(true)
                    .Index(o => o.ReceivedAt).Duplicate(o => o.Kind).Duplicate(o => o.Status);
            })
            .AddEventRelay(Name, map => IntegrationEvents.Map(map, seal));
        builder.AddDurableServiceBus(Name, x => x.AddConsumer<OrderViewConsumer>());
        builder.Services.AddSingleton<IntakeTables>();
        builder.Services.AddSingleton<OrderNumbers>();
        builder.Services.AddSingleton<IdempotencyKeys>();
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapIntake(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapOpenApi();
        var orders = app.MapGroup("/api/orders").WithTags("Orders");
        orders.MapPost("", TakeOrderEndpoint.Handle).Accepts<TakeOrderRequest>("application/json")
            .Produces<OrderResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Take in an order (Idempotency-Key honoured)");
        orders.MapGet("{orderId}", GetOrderEndpoints.One).Produces<OrderResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The order as it stands, with its whole timeline");
        orders.MapGet("", GetOrderEndpoints.List).Produces<OrderPage>().ProducesValidationProblem()
            .WithSummary("Orders, newest first: kind, status, from, to, page, pageSize");
        orders.MapPost("{orderId}/answer", AnswerOrderEndpoint.Handle).Accepts<AnswerRequest>("application/json")
            .Produces<OrderResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Answer an inquiry or forward a business application");
        return app;
    }
}

public sealed record AnswerRequest(string Answer);
