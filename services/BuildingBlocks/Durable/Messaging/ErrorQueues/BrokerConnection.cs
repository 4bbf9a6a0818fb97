using RabbitMQ.Client;

namespace PowerMicro.Durable.Messaging.ErrorQueues;

/// <summary>A plain AMQP connection to the service's broker and virtual host (beside MassTransit's own).</summary>
public static class BrokerConnection
{
    public static Task<IConnection> OpenAsync(RabbitMqAddress address, string name, CancellationToken cancellationToken) =>
        new ConnectionFactory
        {
            HostName = address.Host,
            Port = address.Port,
            VirtualHost = address.VirtualHost,
            UserName = address.Username,
            Password = address.Password,
            ClientProvidedName = name,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        }.CreateConnectionAsync(cancellationToken);

    /// <summary>Ready messages in a queue; 0 when the queue does not exist (MassTransit creates an error queue at its first message).</summary>
    public static async Task<long> CountAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes the channel (404), so each queue gets its own.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }
}
