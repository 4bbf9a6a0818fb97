namespace PowerMicro.ServiceDefaults.Input;

/// <summary>What text fields may hold: no control characters (newline and tab only in free text), no lone surrogates, no noncharacters.</summary>
public static class TextRules
{
    /// <summary>Null when the text is acceptable, else the reason (which never quotes the text).</summary>
    public static string? Check(string text, bool multiline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
                return "Contains an unpaired surrogate (not valid Unicode).";
            }
            if (char.IsLowSurrogate(c)) return "Contains an unpaired surrogate (not valid Unicode).";
            if (multiline && c is '\n' or '\t') continue;
            if (char.IsControl(c)) return multiline
                ? "Must not contain control characters other than newline and tab."
                : "Must not contain control characters.";
            if (c is '\uFFFE' or '\uFFFF' or '\u2028' or '\u2029') return "Contains a character that is not allowed in text.";
        }
        return null;
    }
}
