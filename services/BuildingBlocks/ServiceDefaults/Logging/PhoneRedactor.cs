using System.Text.RegularExpressions;

namespace PowerMicro.ServiceDefaults.Logging;

/// <summary>
/// Masks customers' phone numbers (mainland mobile numbers, with or without +86, and landlines
/// written with an area code) wherever free text leaves a process: logs and trace tags.
/// Account numbers (10 digits) and ids are left alone.
/// </summary>
public static partial class PhoneRedactor
{
    public const string Mask = "[phone]";

    [GeneratedRegex(@"(?<![\d])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![\d])|(?<![\d])0\d{2,3}-\d{7,8}(?![\d])",
        RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    public static bool ContainsPhone(string? text) => text is not null && PhonePattern().IsMatch(text);

    public static string? Redact(string? text) =>
        text is null || text.Length < 7 ? text : PhonePattern().Replace(text, Mask);
}
