using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.ServiceDefaults.Privacy;
using PowerMicro.ServiceDefaults.Security;
using PowerMicro.Testing;
using RabbitMQ.Client;

namespace PowerMicro.Intake.Tests;

/// <summary>
/// An integrator (billing, outage management) binds its own queue to the OrderReceived exchange, as the
/// README shows, with a plain AMQP client — no MassTransit — and reads the JSON envelope.
/// </summary>
public sealed class When_an_order_is_received_integrators_are_told : IClassFixture<IntakeFixture>
{
    private readonly IntakeFixture _intake;

    public When_an_order_is_received_integrators_are_told(IntakeFixture intake) => _intake = intake;

    [Fact]
    public async Task A_queue_bound_to_the_documented_exchange_receives_OrderReceived_with_the_contract_fields()
    {
        var factory = new ConnectionFactory { Uri = new Uri(_intake.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync("PowerMicro.Contracts:OrderReceived", ExchangeType.Fanout, durable: true);
        var queue = (await channel.QueueDeclareAsync("billing-order-received", durable: true, exclusive: false, autoDelete: false)).QueueName;
        await channel.QueueBindAsync(queue, "PowerMicro.Contracts:OrderReceived", "");

        using var created = await _intake.Host.Post(IntakeHost.Order().ToJsonString());
        var orderId = (await created.Json()).GetProperty("orderId").GetGuid();

        var message = await Eventually.Get(async () =>
        {
            var delivery = await channel.BasicGetAsync(queue, autoAck: true);
            if (delivery is null) return (JsonElement?)null;
            using var envelope = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span));
            var m = envelope.RootElement.GetProperty("message").Clone();
            return m.GetProperty("orderId").GetGuid() == orderId ? m : null;
        }, "OrderReceived on the integrator's queue");

        var received = message!.Value;
        Assert.Equal("repair", received.GetProperty("kind").GetString());
        Assert.Equal("no-power", received.GetProperty("subtype").GetString());
        Assert.Equal(1, received.GetProperty("sequence").GetInt64());
        Assert.Equal("intake", received.GetProperty("source").GetString());
        Assert.True(received.GetProperty("occurredAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal("3201000001", received.GetProperty("customer").GetProperty("accountNo").GetString());
        Assert.Equal(2, received.GetProperty("priority").GetInt32());

        // Integrators never get the customer's name or phone: masked in clear, sealed for PowerMicro's services.
        Assert.Equal("138****0000", received.GetProperty("customer").GetProperty("phone").GetString());
        Assert.Equal("W******", received.GetProperty("customer").GetProperty("name").GetString());
        var raw = message.Value.GetRawText();
        Assert.DoesNotContain("13800000000", raw);
        Assert.DoesNotContain("Wang Li", raw);
        var seal = _intake.Host.Services.GetRequiredService<ContactSeal>();
        Assert.Equal(new Contact("Wang Li", "13800000000"), seal.Open(received.GetProperty("sealedContact").GetString()));
        Assert.Null(new ContactSeal(new AuthOptions { SigningKey = "an-integrator-guessing-a-key-0123456789" })
            .Open(received.GetProperty("sealedContact").GetString()));
    }
}
