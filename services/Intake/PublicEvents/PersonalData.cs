using System.Text.Json.Nodes;
using PowerMicro.ServiceDefaults.Logging;

namespace PowerMicro.Intake.PublicEvents;

/// <summary>
/// What integrators never receive: phone numbers are masked to their first three and last four digits
/// (138****0000), names to their first character, any phone number in free text is replaced, and the sealed
/// contact meant for the complaint service is left out.
/// </summary>
public static class PersonalData
{
    private static readonly HashSet<string> PhoneFields = new(StringComparer.OrdinalIgnoreCase) { "phone" };
    private static readonly HashSet<string> NameFields = new(StringComparer.OrdinalIgnoreCase) { "name", "reporterName" };

    /// <summary>OrderReceived's contact sealed for the complaint service: integrators do not get even the ciphertext.</summary>
    public const string Withheld = "sealedContact";

    public static void Mask(JsonObject data)
    {
        data.Remove(Withheld);
        foreach (var (key, value) in data.ToList())
        {
            switch (value)
            {
                case JsonObject inner:
                    Mask(inner);
                    break;
                case JsonValue text when text.TryGetValue<string>(out var s):
                    data[key] = PhoneFields.Contains(key) ? MaskPhone(s)
                        : NameFields.Contains(key) ? MaskName(s)
                        : PhoneRedactor.Redact(s);
                    break;
            }
        }
    }

    /// <summary>What the JSON Schema says about a masked field, or null.</summary>
    public static string? Describe(string field) =>
        PhoneFields.Contains(field) ? "Masked: the first three and last four digits, e.g. 138****0000."
        : NameFields.Contains(field) ? "Masked: the first character, e.g. 王*."
        : null;

    public static string MaskPhone(string phone)
    {
        var digits = new string(phone.Where(char.IsDigit).ToArray());
        return digits.Length < 8 ? "****" : $"{digits[..3]}****{digits[^4..]}";
    }

    public static string MaskName(string name) =>
        name.Length == 0 ? "" : name[..1] + new string('*', Math.Min(Math.Max(name.Length - 1, 1), 3));
}
