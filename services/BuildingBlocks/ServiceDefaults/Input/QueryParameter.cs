namespace PowerMicro.ServiceDefaults.Input;

public enum QueryValue { Text, Integer, Boolean, DateTime }

/// <summary>
/// A query parameter an endpoint takes: declared once beside the endpoint, read by <see cref="QueryInput"/> (anything
/// else is refused) and described in the OpenAPI document (<c>WithQuery</c>), so clients are generated with it.
/// </summary>
public sealed record QueryParameter(string Name, QueryValue Value, string Description, IReadOnlyList<string>? Allowed = null);

/// <summary>A request header an endpoint reads (described in the OpenAPI document, e.g. Idempotency-Key).</summary>
public sealed record HeaderParameter(string Name, string Description);

public static class CommonQuery
{
    public static readonly QueryParameter From = new("from", QueryValue.DateTime,
        "Start of the period, inclusive: a date (midnight UTC) or an ISO 8601 date and time with offset.");
    public static readonly QueryParameter To = new("to", QueryValue.DateTime,
        "End of the period, exclusive: a date (midnight UTC) or an ISO 8601 date and time with offset.");
    public static readonly QueryParameter[] Period = [From, To];
    public static QueryParameter Page => new("page", QueryValue.Integer, "Page number, from 1.");
    public static QueryParameter PageSize(int max) => new("pageSize", QueryValue.Integer, $"Entries per page, 1 to {max}.");
}
