using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PowerMicro.Contracts;

namespace PowerMicro.Intake.TakeOrder;

/// <summary>
/// Reads a take-order body field by field, so every mistake (wrong type, missing, unknown value,
/// too long, wrong kind/subtype pair) is reported under its field name, all at once.
/// </summary>
public static partial class TakeOrderReader
{
    public const int MaxDescription = 2000;
    public const int MaxAddress = 200;
    public const int MaxName = 50;

    [GeneratedRegex(@"^\d{10}$")] private static partial Regex AccountNo();
    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")] private static partial Regex Phone();

    public static (TakeOrderRequest? Request, Dictionary<string, string[]> Errors) Read(JsonElement body, DateTimeOffset now)
    {
        var errors = new Dictionary<string, List<string>>();
        void Error(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

        if (body.ValueKind != JsonValueKind.Object)
        {
            Error("body", "The body must be a JSON object.");
            return (null, Flatten(errors));
        }

        string? Text(JsonElement parent, string field, string path, bool required, int max)
        {
            if (!parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required) Error(path, "Required.");
                return null;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                Error(path, "Must be a string.");
                return null;
            }
            var text = value.GetString()!.Trim();
            if (required && text.Length == 0) Error(path, "Must not be empty.");
            else if (text.Length > max) Error(path, $"At most {max} characters.");
            return text.Length == 0 ? null : text;
        }

        string? OneOf(JsonElement parent, string field, string path, IReadOnlyCollection<string> allowed, bool required = true)
        {
            var text = Text(parent, field, path, required, 50);
            if (text is not null && !allowed.Contains(text))
            {
                Error(path, $"Must be one of: {string.Join(", ", allowed)}.");
                return null;
            }
            return text;
        }

        var kind = OneOf(body, "kind", "kind", OrderKinds.Subtypes.Keys.ToArray());
        var subtype = Text(body, "subtype", "subtype", true, 50);
        if (kind is not null && subtype is not null && !OrderKinds.Subtypes[kind].Contains(subtype))
            Error("subtype", $"'{subtype}' is not a subtype of {kind}; one of: {string.Join(", ", OrderKinds.Subtypes[kind])}.");
        var channel = OneOf(body, "channel", "channel", OrderKinds.Channels);
        var area = OneOf(body, "area", "area", OrderKinds.Areas);
        var specialCare = OneOf(body, "specialCare", "specialCare", OrderKinds.SpecialCare, required: false);
        var address = Text(body, "address", "address", kind == OrderKinds.Repair, MaxAddress);
        var description = Text(body, "description", "description", true, MaxDescription);

        DateTimeOffset? appointmentAt = null;
        if (body.TryGetProperty("appointmentAt", out var appointment) && appointment.ValueKind != JsonValueKind.Null)
        {
            if (appointment.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(appointment.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                Error("appointmentAt", "Must be an ISO 8601 date and time.");
            else if (kind is not null && kind != OrderKinds.Business)
                Error("appointmentAt", "Only business applications take an appointment.");
            else if (at <= now)
                Error("appointmentAt", "Must be in the future.");
            else appointmentAt = at.ToUniversalTime();
        }

        CustomerRequest? customer = null;
        if (!body.TryGetProperty("customer", out var c) || c.ValueKind == JsonValueKind.Null) Error("customer", "Required.");
        else if (c.ValueKind != JsonValueKind.Object) Error("customer", "Must be an object.");
        else
        {
            var accountNo = Text(c, "accountNo", "customer.accountNo", true, 10);
            if (accountNo is not null && !AccountNo().IsMatch(accountNo)) Error("customer.accountNo", "Must be the 10-digit account number.");
            var name = Text(c, "name", "customer.name", true, MaxName);
            var phone = Text(c, "phone", "customer.phone", true, 20);
            if (phone is not null && !Phone().IsMatch(phone)) Error("customer.phone", "Must be a mobile number (11 digits) or a landline with area code.");
            var tier = OneOf(c, "tier", "customer.tier", OrderKinds.Tiers);
            int? importance = null;
            if (c.TryGetProperty("importance", out var imp) && imp.ValueKind != JsonValueKind.Null)
            {
                if (imp.ValueKind != JsonValueKind.Number || !imp.TryGetInt32(out var level) || level is < 1 or > 3)
                    Error("customer.importance", "Must be 1, 2 or 3.");
                else importance = level;
            }
            if (accountNo is not null && name is not null && phone is not null && tier is not null)
                customer = new CustomerRequest(accountNo, name, phone, tier, importance);
        }

        if (errors.Count > 0) return (null, Flatten(errors));
        return (new TakeOrderRequest(kind!, subtype!, channel!, area!, customer!, address, description!, appointmentAt, specialCare), []);
    }

    private static Dictionary<string, string[]> Flatten(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
