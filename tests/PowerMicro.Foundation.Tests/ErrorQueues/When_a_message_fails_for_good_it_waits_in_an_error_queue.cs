using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.ServiceDefaults;
using PowerMicro.Durable.Messaging;
using PowerMicro.Durable.Messaging.ErrorQueues;
using PowerMicro.Testing;

namespace PowerMicro.Foundation.Tests.ErrorQueues;

/// <summary>
/// A service whose consumer fails until the test "fixes the cause", on real RabbitMQ: the failed message
/// lands in the endpoint's error queue, the service reports Degraded and the gauge counts it; the operator's
/// redrive sends it back and, the cause fixed, it is consumed and the service is Healthy again.
/// </summary>
public sealed class When_a_message_fails_for_good_it_waits_in_an_error_queue : IClassFixture<IsolatedInfrastructure>, IAsyncLifetime
{
    private readonly IsolatedInfrastructure _infrastructure;
    private readonly PoisonSwitch _poison = new();
    private TestWebHost _host = null!;

    public When_a_message_fails_for_good_it_waits_in_an_error_queue(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    public async Task InitializeAsync()
    {
        var configuration = _infrastructure.Configuration();
        configuration["Messaging:ErrorQueues:PollInterval"] = "00:00:00.2";
        _host = await TestWebHost.StartAsync(configuration,
            builder =>
            {
                builder.AddServiceDefaults("errq");
                builder.Services.AddSingleton(_poison);
                builder.AddServiceBus("errq", x => x.AddConsumer<PoisonCandidateConsumer>());
            },
            app => app.MapDefaultEndpoints());
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string ErrorQueue => _host.Services.GetRequiredService<ErrorQueueRegistry>().Queues.Single(q => q.EndsWith("poison-candidate_error"));

    private ErrorQueueOperator Operator => new(RabbitMqAddress.Parse(_infrastructure.RabbitMq), _infrastructure.Servers.RabbitMqManagement);

    private async Task<(HttpStatusCode Status, string Overall, string ErrorQueues, string Description)> Ready()
    {
        using var response = await _host.Client.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var check = body.RootElement.GetProperty("checks").GetProperty(ErrorQueueHealthCheck.Name);
        return (response.StatusCode, body.RootElement.GetProperty("status").GetString()!,
            check.GetProperty("status").GetString()!, check.GetProperty("description").GetString() ?? "");
    }

    /// <summary>The gauge as an exporter would read it now, for this host's meter only.</summary>
    private Dictionary<string, long> Gauge()
    {
        var factory = _host.Services.GetRequiredService<IMeterFactory>();
        var values = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == ErrorQueueCounts.MetricName && instrument.Meter.Scope == factory) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "queue") values[(string)tag.Value!] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    private Task GaugeIs(long expected) => Eventually.True(() => Gauge().GetValueOrDefault(ErrorQueue, -1) == expected,
        $"the gauge of {ErrorQueue} to read {expected}", TimeSpan.FromSeconds(20));

    [Fact]
    public async Task It_is_counted_listed_redriven_and_consumed_once_the_cause_is_fixed()
    {
        await GaugeIs(0);
        var healthy = await Ready();
        Assert.Equal((HttpStatusCode.OK, "Healthy", "Healthy"), (healthy.Status, healthy.Overall, healthy.ErrorQueues));

        var message = new PoisonCandidate(Guid.NewGuid(), Guid.NewGuid());
        await _host.Services.GetRequiredService<IBus>().Publish(message);

        // The retry policy gives up on a failure that does not go away; then the message waits in the error queue.
        await Eventually.True(async () => (await Ready()).ErrorQueues == "Degraded", "the service to report Degraded", TimeSpan.FromSeconds(90));
        var degraded = await Ready();
        Assert.Equal(HttpStatusCode.OK, degraded.Status); // still ready: it serves, an operator has to look
        Assert.Equal("Degraded", degraded.Overall);
        Assert.Contains($"{ErrorQueue} 1", degraded.Description);
        await GaugeIs(1);

        var queues = await Operator.QueuesAsync();
        Assert.Contains(new ErrorQueueOperator.ErrorQueue(ErrorQueue, 1), queues);
        var listed = Assert.Single(await Operator.PeekAsync(ErrorQueue));
        Assert.Equal($"urn:message:{typeof(PoisonCandidate).Namespace}:{nameof(PoisonCandidate)}", listed.MessageType);
        Assert.Equal(message.OrderId.ToString(), listed.OrderId);
        Assert.Equal(typeof(InvalidOperationException).FullName, listed.ExceptionType);
        Assert.Contains("while broken", listed.ExceptionMessage);
        Assert.NotNull(listed.FaultedAt);
        Assert.Single(await Operator.PeekAsync(ErrorQueue)); // listing leaves the message where it is
        Assert.Empty(_poison.Handled);

        _poison.Broken = false;
        Assert.Equal(1, await Operator.RedriveAsync(ErrorQueue));

        await Eventually.True(() => _poison.Handled.Contains(message.Id), "the re-driven message to be consumed");
        await GaugeIs(0);
        await Eventually.True(async () => (await Ready()).Overall == "Healthy", "the service to report Healthy again");
        Assert.Empty(await Operator.PeekAsync(ErrorQueue));
    }

    [Fact]
    public async Task A_redriven_message_that_fails_again_returns_to_the_error_queue_and_is_not_lost()
    {
        await GaugeIs(0);
        var message = new PoisonCandidate(Guid.NewGuid(), Guid.NewGuid());
        await _host.Services.GetRequiredService<IBus>().Publish(message);
        await GaugeIs(1);

        Assert.Equal(1, await Operator.RedriveAsync(ErrorQueue)); // the cause is not fixed yet
        await Eventually.True(async () => (await Operator.PeekAsync(ErrorQueue)).Any(m => m.OrderId == message.OrderId.ToString()),
            "the message to fail again and be back in the error queue", TimeSpan.FromSeconds(90));
        Assert.Empty(_poison.Handled);

        _poison.Broken = false;
        Assert.Equal(1, await Operator.RedriveAsync(ErrorQueue));
        await Eventually.True(() => _poison.Handled.Contains(message.Id), "the re-driven message to be consumed");
        await GaugeIs(0);
    }

    [Fact]
    public async Task Only_error_queues_can_be_redriven()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Operator.RedriveAsync("errq-poison-candidate"));
    }
}
