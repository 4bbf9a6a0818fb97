using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PowerMicro.Durable.Scheduling;

public static class SchedulerRegistration
{
    public static Uri QueueFor(string serviceName) => new($"queue:{serviceName}-scheduler");

    /// <summary>
    /// The durable scheduler for MassTransit's Schedule()/Unschedule() and ScheduleSend: the
    /// "{service}-scheduler" queue, its consumer, the Marten document and the dispatcher.
    /// Call <see cref="UseDurableScheduler"/> on the bus too.
    /// </summary>
    public static IBusRegistrationConfigurator AddDurableScheduler(this IBusRegistrationConfigurator x, string serviceName)
    {
        x.AddMessageScheduler(QueueFor(serviceName));
        x.AddConsumer<ScheduleMessageConsumer>().Endpoint(e => e.Name = $"{serviceName}-scheduler");
        x.ConfigureMarten(options =>
        {
            options.Schema.For<ScheduledMessage>().DocumentAlias(ScheduledMessage.Alias).Duplicate(m => m.DueAt);
            options.Schema.For<Inbox.HandledMessage>();
            options.Schema.For<Tracing.OrderFirstTrace>();
        });
        x.TryAddSingleton<Tracing.OrderFirstTraces>();
        x.AddOptions<SchedulerOptions>();
        x.AddHostedService<ScheduledMessageDispatcher>();
        return x;
    }

    public static void UseDurableScheduler(this IBusFactoryConfigurator cfg, string serviceName) =>
        cfg.UseMessageScheduler(QueueFor(serviceName));
}
