using PowerMicro.Contracts;
using PowerMicro.Durable;
using JasperFx.Events.Projections;
using PowerMicro.Durable.Relay;
using PowerMicro.Durable.Writing;
using PowerMicro.Intake.AnswerOrder;
using PowerMicro.Intake.Orders;
using PowerMicro.Intake.OrderView;
using PowerMicro.Intake.PublicEvents;
using PowerMicro.Intake.PublicEvents.Contracts;
using PowerMicro.Intake.TakeOrder;
using PowerMicro.Intake.ValidateOrder;
using PowerMicro.Intake.Webhooks;
using PowerMicro.ServiceDefaults;
using PowerMicro.ServiceDefaults.OpenApi;
using PowerMicro.Durable.EventStore;
using PowerMicro.ServiceDefaults.Privacy;
using PowerMicro.ServiceDefaults.Security;
using PowerMicro.ServiceDefaults.Input;

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
                    .Index(o => o.ReceivedAt).Index(o => o.Customer.AccountNo).Duplicate(o => o.Kind).Duplicate(o => o.Status);
                options.Projections.Add(new AggregateProjection<OrderState>(), ProjectionLifecycle.Live);
                options.Events.MapEventType<PublicOrderEvent>(PublicOrderEvent.StoredTypeName);
                // Integrators wait on the public relay: look for new events every 50-100 ms besides the append notification.
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(50);
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(100);
                options.Schema.For<WebhookSubscription>().Index(s => s.NextAttemptAt);
                IntakeTables.Register(options);
            })
            .AddEventRelay(Name, map => IntegrationEvents.Map(map, seal))
            .AddSubscriptionWithServices<PublicEventRelay>(ServiceLifetime.Singleton, o => o.Options.BatchSize = 500);
        builder.Services.AddSingleton<PublicExchange>();
        builder.Services.AddHostedService<PublicExchangeDeclaration>();
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration("Webhooks");
        builder.Services.AddHttpClient(WebhookDelivery.HttpClientName);
        builder.Services.AddHostedService<WebhookDelivery>();
        builder.AddDurableServiceBus(Name, x =>
        {
            x.AddConsumer<OrderViewConsumer>(typeof(OrderViewConsumerDefinition));
            x.AddConsumer<ReopenedOrderConsumer>();
        });
        builder.Services.AddAggregateWriter();
        builder.Services.AddSingleton<IntakeTables>();
        builder.Services.AddSingleton<OrderNumbers>();
        builder.Services.AddSingleton<IdempotencyKeys>();
        builder.Services.AddOpenApi().AddOpenApiEnums(FixedFieldValues.ByJsonName);
        return builder;
    }

    public static WebApplication MapIntake(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapOpenApi();
        app.MapGet("/asyncapi.json", ContractEndpoints.AsyncApiJson).ExcludeFromDescription();
        app.MapGet("/schemas/events/{file}", ContractEndpoints.EventSchema).ExcludeFromDescription();
        var orders = app.MapGroup("/api/orders").WithTags("Orders");
        orders.MapPost("", TakeOrderEndpoint.Handle).Accepts<TakeOrderRequest>("application/json")
            .Produces<OrderResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Take in an order (Idempotency-Key honoured)")
            .WithHeader(new HeaderParameter(TakeOrderEndpoint.IdempotencyHeader,
                "At most 100 printable ASCII characters: the same key with the same body answers the order taken the first time; with another body, 409."));
        orders.MapPost("validate", ValidateOrderEndpoint.Handle).Accepts<TakeOrderRequest>("application/json")
            .Produces<ValidateOrderEndpoint.Answer>().ProducesValidationProblem()
            .WithSummary("Check an order with the rules of POST /api/orders; stores nothing");
        orders.MapGet("{orderId}", GetOrderEndpoints.One).Produces<OrderResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The order as it stands, with its whole timeline");
        orders.MapGet("", GetOrderEndpoints.List).Produces<OrderPage>().ProducesValidationProblem().WithQuery(GetOrderEndpoints.ListQuery)
            .WithSummary("Orders, newest first: kind, status, accountNo, from, to, page, pageSize");
        orders.MapPost("{orderId}/answer", AnswerOrderEndpoint.Handle).Accepts<AnswerRequest>("application/json")
            .Produces<OrderResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Answer an inquiry or forward a business application");
        orders.MapGet("{orderId:guid}/events", EventFeedEndpoints.OfOrder).WithName("ListOrderEvents")
            .Produces<List<System.Text.Json.Nodes.JsonNode>>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The order's public events (CloudEvents), sequence 1, 2, 3 …");
        var subscriptions = app.MapGroup("/api/subscriptions").WithTags("Webhooks");
        subscriptions.MapPost("", SubscriptionEndpoints.Create).WithName("CreateSubscription").Accepts<SubscriptionRequest>("application/json")
            .Produces<SubscriptionResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithSummary("Subscribe a webhook: url, filter (kind, type), secret (whsec_…; made up when left out), after (a feed cursor)");
        subscriptions.MapGet("", SubscriptionEndpoints.List).WithName("ListSubscriptions").Produces<List<SubscriptionResponse>>()
            .WithSummary("Every webhook with its cursor, backlog, failures and last error");
        subscriptions.MapGet("{id:guid}", SubscriptionEndpoints.One).WithName("GetSubscription").Produces<SubscriptionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One webhook's delivery state");
        subscriptions.MapDelete("{id:guid}", SubscriptionEndpoints.Delete).WithName("DeleteSubscription").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Stop a webhook");
        app.MapGet("/api/events", EventFeedEndpoints.Feed).WithTags("Events").WithName("ListEvents")
            .Produces<EventFeedPage>().ProducesValidationProblem().WithQuery(EventFeedEndpoints.FeedQuery)
            .WithSummary("Catch-up feed: every public event (CloudEvents) in commit order after a cursor: after, limit, kind, type");
        return app;
    }
}

public sealed record AnswerRequest(string Answer);
