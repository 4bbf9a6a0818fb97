namespace PowerMicro.Contracts;

/// <summary>
/// What every integration event about an order carries, so a subscriber can order and de-duplicate:
/// the order, when the change happened, and <see cref="Sequence"/>, the position of the change in the
/// publishing service's stream for that order: increasing per order and <see cref="Source"/>, with gaps where
/// the service keeps a step private (dispatch does).
/// The message id of each event is stable (derived from the stored event), so a redelivery has the same id.
/// </summary>
public interface IOrderEvent
{
    Guid OrderId { get; }
    DateTimeOffset OccurredAt { get; }
    long Sequence { get; }
    string Source { get; }
}
