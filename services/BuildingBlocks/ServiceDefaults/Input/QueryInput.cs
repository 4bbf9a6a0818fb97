using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace PowerMicro.ServiceDefaults.Input;

/// <summary>
/// The query string of a request with its declared parameters: each given at most once, typed and bounded;
/// an undeclared parameter is an error naming it. Empty values count as absent.
/// </summary>
public sealed class QueryInput
{
    public const int MaxValueLength = 200;
    private readonly HttpRequest _request;

    public QueryInput(HttpRequest request, params string[] parameters)
    {
        _request = request;
        foreach (var name in request.Query.Keys)
            if (!parameters.Contains(name, StringComparer.Ordinal))
                Errors.Add(name.Length <= 64 && TextRules.Check(name, false) is null ? name : "query", "Unknown query parameter.");
    }

    public QueryInput(HttpRequest request, IReadOnlyList<QueryParameter> parameters)
        : this(request, [.. parameters.Select(p => p.Name)])
    {
    }

    public InputErrors Errors { get; } = new();
    public bool Valid => !Errors.Any;
    public IResult Problem(string title = "The query is not valid.") => Errors.Problem(title);

    public string? Text(string name)
    {
        if (!_request.Query.TryGetValue(name, out var values)) return null;
        if (values.Count > 1)
        {
            Errors.Add(name, "Give it once.");
            return null;
        }
        var raw = values.ToString();
        if (raw.Length > MaxValueLength || TextRules.Check(raw, false) is not null)
        {
            Errors.Add(name, $"At most {MaxValueLength} printable characters.");
            return null;
        }
        raw = raw.Trim();
        return raw.Length == 0 ? null : raw;
    }

    public string? OneOf(string name, IReadOnlyCollection<string> allowed)
    {
        var raw = Text(name);
        if (raw is null || allowed.Contains(raw, StringComparer.Ordinal)) return raw;
        Errors.Add(name, $"Must be one of: {string.Join(", ", allowed)}.");
        return null;
    }

    public bool? Bool(string name)
    {
        var raw = Text(name);
        if (raw is null) return null;
        if (raw is "true" or "false") return raw == "true";
        Errors.Add(name, "Must be true or false.");
        return null;
    }

    public int Int(string name, int @default, int min, int max)
    {
        var raw = Text(name);
        if (raw is null) return @default;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        Errors.Add(name, $"Must be a whole number from {min} to {max}.");
        return @default;
    }

    public long Long(string name, long @default, long min, long max)
    {
        var raw = Text(name);
        if (raw is null) return @default;
        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        Errors.Add(name, $"Must be a whole number from {min} to {max}.");
        return @default;
    }

    /// <summary>A date (midnight UTC) or date and time with offset, from 2000 to 2100.</summary>
    public DateTimeOffset? Time(string name)
    {
        var raw = Text(name);
        if (raw is null) return null;
        if (Iso8601.TryParseDateOrTime(raw, out var at)) return at;
        Errors.Add(name, Iso8601.DateOrTimeMessage);
        return null;
    }

    /// <summary>
    /// The period [from, to): each defaulted when absent (to: now; from: to − <paramref name="defaultSpan"/>); from
    /// must be before to and the period at most <paramref name="maxSpan"/>.
    /// </summary>
    public (DateTimeOffset From, DateTimeOffset To) Period(DateTimeOffset now, TimeSpan defaultSpan, TimeSpan maxSpan)
    {
        var from = Time("from");
        var to = Time("to");
        var end = to ?? now;
        var start = from ?? end - defaultSpan;
        if (Errors.Has("from") || Errors.Has("to")) return (start, end);
        if (start >= end) Errors.Add("from", "Must be before to.");
        else if (end - start > maxSpan) Errors.Add("to", $"The period may span at most {maxSpan.TotalDays:0} days.");
        return (start, end);
    }
}
