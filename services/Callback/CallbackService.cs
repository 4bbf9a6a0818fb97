using PowerMicro.Contracts;
using PowerMicro.Callback.Callbacks;
using PowerMicro.Callback.Compliance;
using PowerMicro.Callback.Rules;
using PowerMicro.Durable;
using PowerMicro.Durable.Relay;
using PowerMicro.Durable.Sagas;
using PowerMicro.ServiceDefaults;
using PowerMicro.ServiceDefaults.OpenApi;
using PowerMicro.Durable.EventStore;
using PowerMicro.ServiceDefaults.Input;

namespace PowerMicro.Callback;

public static class CallbackService
{
    public const string Name = "callback";

    public static WebApplicationBuilder AddCallback(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(Name);
        builder.Services.Configure<CallbackOptions>(builder.Configuration.GetSection("Callbacks"));
        builder.AddEventStore(Name, options =>
            {
                options.Schema.For<SamplingBlock>().UseOptimisticConcurrency(true);
                options.Schema.For<CallbackState>().Duplicate(s => s.CallbackId).Duplicate(s => s.Status);
            })
            .AddEventRelay(Name, IntegrationEvents.Map);
        builder.AddDurableServiceBus(Name, x =>
        {
            x.AddSagaStateMachine<CallbackStateMachine, CallbackState>().MartenRepository();
            x.RememberOrderFirstTraces();
        });
        builder.Services.AddOpenApi().AddOpenApiEnums(FixedFieldValues.ByJsonName);
        return builder;
    }

    public static WebApplication MapCallback(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapOpenApi();
        var callbacks = app.MapGroup("/api/callbacks").WithTags("Callbacks");
        callbacks.MapGet("", CallbackEndpoints.Queue).Produces<IEnumerable<CallbackTask>>().ProducesValidationProblem()
            .WithQuery(CallbackEndpoints.QueueQuery)
            .WithSummary("The callback queue: tier A first, then due time");
        callbacks.MapPost("{callbackId}/attempts", CallbackEndpoints.Attempt).Accepts<AttemptRequest>("application/json")
            .Produces<AttemptAccepted>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Record a callback attempt");
        callbacks.MapGet("compliance", ComplianceReport.Handle).Produces<IEnumerable<ComplianceLine>>().ProducesValidationProblem()
            .WithQuery(CommonQuery.Period)
            .WithSummary("Callback compliance per kind and subtype, from the event streams");
        return app;
    }
}
