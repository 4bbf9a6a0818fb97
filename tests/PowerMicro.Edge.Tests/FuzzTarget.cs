namespace PowerMicro.Edge.Tests;

/// <summary>
/// A whole system behind its gateway, seeded (<see cref="SeededOrders"/>), as the fuzz test attacks it: the client of
/// the gateway, the ids the generators aim at, and every stored row, to compare before and after.
/// </summary>
public interface IFuzzTarget
{
    HttpClient Client { get; }
    Guid Repair { get; }
    Guid Complaint { get; }
    Guid Inquiry { get; }
    Guid CallbackId { get; }

    /// <summary>Every stored row of every service, as one text per table (<see cref="StoredRows"/>).</summary>
    Task<SortedDictionary<string, string>> State();

    /// <summary>Every service's daemon has read its event store to the end (<see cref="StoredRows.DaemonsCaughtUpAsync"/>).</summary>
    Task<bool> CaughtUp();
}
