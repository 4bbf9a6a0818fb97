using PowerMicro.Durable.Messaging;
using PowerMicro.Durable.Messaging.ErrorQueues;

// deploy/errors.sh list|redrive [queue]: the broker from POWERMICRO_RABBITMQ (amqp URI with the virtual
// host), its management API from POWERMICRO_RABBITMQ_MANAGEMENT (what deploy/infra.sh env prints).
if (args.Length is < 1 or > 2 || args[0] is not ("list" or "redrive"))
{
    Console.Error.WriteLine("usage: deploy/errors.sh list|redrive [queue]");
    return 2;
}
var amqp = Environment.GetEnvironmentVariable("POWERMICRO_RABBITMQ");
var management = Environment.GetEnvironmentVariable("POWERMICRO_RABBITMQ_MANAGEMENT");
if (string.IsNullOrEmpty(amqp) || string.IsNullOrEmpty(management))
{
    Console.Error.WriteLine("errors: POWERMICRO_RABBITMQ and POWERMICRO_RABBITMQ_MANAGEMENT must be set (eval \"$(deploy/infra.sh env)\")");
    return 2;
}

var address = RabbitMqAddress.Parse(amqp);
var broker = new ErrorQueueOperator(address, new Uri(management));
var queues = await broker.QueuesAsync();
if (args.Length == 2)
{
    queues = queues.Where(q => q.Name == args[1]).ToArray();
    if (queues.Count == 0)
    {
        Console.Error.WriteLine($"errors: no error queue '{args[1]}' in virtual host '{address.VirtualHost}'");
        return 1;
    }
}

var total = 0L;
foreach (var queue in queues)
{
    if (args[0] == "list")
    {
        Console.WriteLine($"{queue.Name}: {queue.Messages} message(s)");
        foreach (var m in await broker.PeekAsync(queue.Name))
        {
            Console.WriteLine($"  {m.FaultedAt ?? "?"}  {m.MessageType ?? "?"}  order {m.OrderId ?? "-"}  message {m.MessageId ?? "?"}");
            Console.WriteLine($"    {m.ExceptionType ?? "?"}: {m.ExceptionMessage ?? "?"}");
            if (m.ConsumerType is not null) Console.WriteLine($"    in {m.ConsumerType}");
        }
        total += queue.Messages;
    }
    else if (queue.Messages > 0)
    {
        var moved = await broker.RedriveAsync(queue.Name);
        Console.WriteLine($"{queue.Name}: {moved} message(s) sent back to {queue.Name[..^ErrorQueueRegistry.Suffix.Length]}");
        total += moved;
    }
}
Console.WriteLine(args[0] == "list"
    ? $"{total} message(s) in {queues.Count} error queue(s) of virtual host '{address.VirtualHost}'"
    : $"{total} message(s) re-driven");
return 0;
