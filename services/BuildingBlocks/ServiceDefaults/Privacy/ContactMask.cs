namespace PowerMicro.ServiceDefaults.Privacy;

/// <summary>
/// Masked forms of a customer's contact for those who may not see it (integrators, crews not assigned):
/// a phone keeps its first three and last four digits (<c>138****0000</c>), a name its first character.
/// </summary>
public static class ContactMask
{
    public static string Phone(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length < 8) return new string('*', Math.Max(4, digits.Length));
        return digits[..3] + new string('*', digits.Length - 7) + digits[^4..];
    }

    public static string Name(string name)
    {
        var text = name.Trim();
        if (text.Length == 0) return "*";
        var first = char.IsHighSurrogate(text[0]) && text.Length > 1 ? text[..2] : text[..1];
        return first + new string('*', Math.Clamp(new System.Globalization.StringInfo(text).LengthInTextElements - 1, 1, 8));
    }
}
