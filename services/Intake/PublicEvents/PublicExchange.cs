using PowerMicro.Durable.Messaging;
using RabbitMQ.Client;

namespace PowerMicro.Intake.PublicEvents;

/// <summary>
/// The durable topic exchange powermicro.events, reached with the plain RabbitMQ client (no MassTransit
/// envelope, no host or process details): one connection, one channel with publisher confirms, opened again
/// when lost. The exchange is declared whenever the channel opens, and so at start-up.
/// </summary>
public sealed class PublicExchange(IConfiguration configuration) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    public async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open) return open;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true } again) return again;
            if (_connection is not { IsOpen: true })
            {
                if (_connection is not null) await _connection.DisposeAsync();
                _connection = await Factory().CreateConnectionAsync("intake-public-events", cancellationToken);
            }
            _channel = await _connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            await _channel.ExchangeDeclareAsync(PublicEventNames.Exchange, ExchangeType.Topic, durable: true, autoDelete: false,
                cancellationToken: cancellationToken);
            return _channel;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Returns once the broker confirmed the message (throws when it refused or the channel failed).</summary>
    public async Task PublishAsync(string routingKey, BasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var channel = await ChannelAsync(cancellationToken);
        await channel.BasicPublishAsync(PublicEventNames.Exchange, routingKey, mandatory: false, properties, body, cancellationToken);
    }

    private ConnectionFactory Factory()
    {
        var address = RabbitMqAddress.Parse(configuration.GetConnectionString("RabbitMq")
            ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not configured."));
        return new ConnectionFactory
        {
            HostName = address.Host, Port = address.Port, VirtualHost = address.VirtualHost,
            UserName = address.Username, Password = address.Password,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null) await _channel.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
        _gate.Dispose();
    }
}

/// <summary>Declares the exchange when the service starts, so integrators can bind before the first event; retries in the background if the broker is away.</summary>
public sealed class PublicExchangeDeclaration(PublicExchange exchange, ILogger<PublicExchangeDeclaration> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await exchange.ChannelAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Declaring the {Exchange} exchange failed; retrying in the background", PublicEventNames.Exchange);
            _ = RetryAsync(_stopping.Token);
        }
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                try
                {
                    await exchange.ChannelAsync(cancellationToken);
                    return;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogDebug(ex, "Declaring the {Exchange} exchange failed again", PublicEventNames.Exchange);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }
}
