using System.Collections.Concurrent;
using MassTransit;

namespace PowerMicro.Foundation.Tests.ErrorQueues;

public sealed record PoisonCandidate(Guid OrderId, Guid Id);

/// <summary>What the test switches: whether handling fails (the "cause"), and what was handled.</summary>
public sealed class PoisonSwitch
{
    public volatile bool Broken = true;
    public ConcurrentQueue<Guid> Handled { get; } = new();
}

public sealed class PoisonCandidateConsumer(PoisonSwitch poison) : IConsumer<PoisonCandidate>
{
    public Task Consume(ConsumeContext<PoisonCandidate> context)
    {
        if (poison.Broken) throw new InvalidOperationException($"cannot handle {context.Message.Id} while broken");
        poison.Handled.Enqueue(context.Message.Id);
        return Task.CompletedTask;
    }
}
