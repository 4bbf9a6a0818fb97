namespace PowerMicro.Contracts;

/// <summary>
/// What every integration event about an order carries, so a subscriber can order and de-duplicate:
/// the order, when the change happened, and <see cref="Sequence"/>, the position of the change in the
/// publishing service's stream for that order (1, 2, 3... per order and <see cref="Source"/>).
/// The message id of each event is stable (derived from the stored event), so a redelivery has the same id.
/// </summary>
public interface IOrderEvent
{
    Guid OrderId { get; }
    DateTimeOffset OccurredAt { get; }
    long Sequence { get; }
    string Source { get; }
}
