using System.Globalization;
using System.Text.RegularExpressions;

namespace PowerMicro.ServiceDefaults.Input;

/// <summary>Dates and times as the API takes them: ISO 8601, within a sane range (no year 1 or 9999 reaching the database).</summary>
public static partial class Iso8601
{
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string TimeMessage = "Must be an ISO 8601 date and time with offset (e.g. 2026-11-23T08:00:00Z), from 2000 to 2100.";
    public const string DateOrTimeMessage = "Must be an ISO 8601 date (2026-11-23) or date and time with offset (2026-11-23T08:00:00Z), from 2000 to 2100.";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")] private static partial Regex TimeShape();
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")] private static partial Regex DateShape();

    public static bool TryParseTime(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null && TimeShape().IsMatch(text)
               && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value)
               && InRange(value);
    }

    /// <summary>A date (midnight UTC) or a date and time with offset.</summary>
    public static bool TryParseDateOrTime(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is not null && DateShape().IsMatch(text))
            return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                       DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value) && InRange(value);
        return TryParseTime(text, out value);
    }

    private static bool InRange(DateTimeOffset value) => value >= Earliest && value <= Latest;
}
