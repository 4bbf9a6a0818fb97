using System.Text.RegularExpressions;

namespace PowerMicro.ServiceDefaults.Logging;

/// <summary>
/// Masks customers' phone numbers wherever free text leaves a process (logs, exceptions, span tags): mainland
/// mobiles (with or without +86/0086/86, written whole or 3-4-4 with dashes or spaces), landlines with an area code
/// (dash, space, brackets or nothing between), and local landline numbers written 4-4 with a dash or space.
/// A number is only a phone when it stands alone (no digit or letter right before or after it), and nothing inside
/// a GUID, a hex trace or span id, or an ISO 8601 timestamp is ever touched; a bare 10-digit run (an account
/// number) is never a phone. A bare 7-8 digit local number without separator cannot be told from any other
/// number and is left alone.
/// </summary>
public static partial class PhoneRedactor
{
    public const string Mask = "[phone]";

    private const string Alone = "(?<![0-9A-Za-z+])";
    private const string End = "(?![0-9A-Za-z])";

    [GeneratedRegex(
        Alone + @"(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}" + End
        + "|" + Alone + @"(?:(?:\+|00)?86[- ]?)?(?:\(0\d{2,3}\)[ -]?|0\d{2,3}[- ])[2-9]\d{6,7}" + End
        + "|" + Alone + @"(?:\+|00)86[- ]?[1-9]\d{1,2}[- ]?[2-9]\d{6,7}" + End
        + "|" + Alone + @"(?:0\d{2}[2-9]\d{7}|0\d{3}[2-9]\d{6,7})" + End
        + "|" + Alone + @"[2-9]\d{3}[- ]\d{4}" + End,
        RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    /// <summary>What must never be altered: GUIDs, 16/32-hex ids (span, trace), ISO 8601 timestamps.</summary>
    [GeneratedRegex(
        @"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
        + @"|(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{32}|[0-9A-Fa-f]{16})(?![0-9A-Za-z])"
        + @"|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?",
        RegexOptions.CultureInvariant)]
    private static partial Regex ProtectedPattern();

    public static bool ContainsPhone(string? text) => text is not null && text.Length >= 8 && Matches(text).Any();

    public static string? Redact(string? text)
    {
        if (text is null || text.Length < 8) return text;
        var phones = Matches(text).ToList();
        if (phones.Count == 0) return text;
        var result = new System.Text.StringBuilder(text.Length);
        var at = 0;
        foreach (var phone in phones)
        {
            result.Append(text, at, phone.Index - at).Append(Mask);
            at = phone.Index + phone.Length;
        }
        return result.Append(text, at, text.Length - at).ToString();
    }

    private static IEnumerable<Match> Matches(string text)
    {
        var candidates = PhonePattern().Matches(text);
        if (candidates.Count == 0) yield break;
        var kept = ProtectedPattern().Matches(text);
        foreach (Match phone in candidates)
        {
            var overlaps = false;
            foreach (Match keep in kept)
                if (phone.Index < keep.Index + keep.Length && keep.Index < phone.Index + phone.Length) { overlaps = true; break; }
            if (!overlaps) yield return phone;
        }
    }
}
