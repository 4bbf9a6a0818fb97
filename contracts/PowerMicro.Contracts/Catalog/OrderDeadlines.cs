namespace PowerMicro.Contracts.Catalog;

/// <summary>The wire names of the deadlines (DeadlineSet, DeadlineMet, SlaBreached).</summary>
public static class OrderDeadlines
{
    public const string Arrival = "arrival";
    public const string Restoration = "restoration";
    public const string Contact = "contact";
    public const string Reply = "reply";
    public const string Callback = "callback";
}
