using Marten;

namespace PowerMicro.Durable.Writing;

/// <summary>Applies the effects of a decision it knows (e.g. deadline timers) to the decision's own session.</summary>
public interface ISessionEffects
{
    bool TryApply(IDocumentSession session, Guid streamId, object effect, DateTimeOffset now);
}
