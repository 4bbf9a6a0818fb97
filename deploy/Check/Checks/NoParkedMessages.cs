using PowerMicro.Check.Reading;

namespace PowerMicro.Check.Checks;

/// <summary>No message in any error or skipped queue of the virtual host: each parked message is a step that will never happen.</summary>
public sealed class NoParkedMessages(QueueState? queues, string? problem) : ICheck
{
    public CheckResult Run(CheckContext context)
    {
        var result = new CheckResult("error-queues", "error queues");
        if (queues is null)
        {
            result.Violation(null, $"the RabbitMQ management API could not be read: {problem}");
            return result;
        }
        if (queues.Waiting.Count > 0)
            result.InFlight(null, $"messages still queued for their consumers: {string.Join(", ", queues.Waiting.Select(q => $"{q.Key} {q.Value}"))}");
        foreach (var queue in queues.Parked.OrderBy(q => q.Name, StringComparer.Ordinal))
        {
            result.Checked++;
            foreach (var message in queue.Sample)
                result.Violation(message.OrderId, $"{queue.Name}: {message.MessageType}{(message.Exception is null ? "" : $" ({message.Exception})")}");
            if (queue.Messages > queue.Sample.Count)
                result.Violation(null, $"{queue.Name}: {queue.Messages} messages in all ({queue.Sample.Count} listed)");
        }
        return result;
    }
}
