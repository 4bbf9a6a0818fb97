using System.Text.RegularExpressions;
using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;
using PowerMicro.ServiceDefaults.Input;

namespace PowerMicro.Intake.TakeOrder;

/// <summary>
/// Reads a take-order body through the strict input layer, so every mistake (wrong type, missing, unknown
/// field or value, too long, control characters, wrong kind/subtype pair) is reported under its field name, all at once.
/// </summary>
public static partial class TakeOrderReader
{
    public const int MaxDescription = 2000;
    public const int MaxAddress = 200;
    public const int MaxName = 50;

    public static readonly string[] Fields = ["kind", "subtype", "channel", "area", "customer", "address", "description", "appointmentAt", "specialCare"];
    public static readonly string[] CustomerFields = ["accountNo", "name", "phone", "tier", "importance"];

    [GeneratedRegex(@"^\d{10}$")] private static partial Regex AccountNo();
    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")] private static partial Regex Phone();

    public static TakeOrderRequest? Read(JsonObjectInput body, DateTimeOffset now)
    {
        var kind = body.OneOf("kind", OrderCatalog.KindNames.ToArray(), required: true);
        var catalogued = kind is null ? null : OrderCatalog.Kind(kind);
        var subtype = body.Text("subtype", true, 50);
        if (catalogued is not null && subtype is not null && catalogued.Subtype(subtype) is null)
            body.Errors.Add("subtype", $"Not a subtype of this kind; one of: {string.Join(", ", catalogued.SubtypeNames)}.");
        var channel = body.OneOf("channel", OrderKinds.Channels, required: true);
        var area = body.OneOf("area", OrderKinds.Areas, required: true);
        var specialCare = body.OneOf("specialCare", OrderKinds.SpecialCare, required: false);
        var address = body.Text("address", catalogued?.AddressRequired == true, MaxAddress);
        var description = body.Text("description", true, MaxDescription, multiline: true);

        DateTimeOffset? appointmentAt = null;
        if (body.Time("appointmentAt") is { } at)
        {
            if (catalogued is { TakesAppointment: false }) body.Errors.Add("appointmentAt", "Only business applications take an appointment.");
            else if (at <= now) body.Errors.Add("appointmentAt", "Must be in the future.");
            else appointmentAt = at;
        }

        CustomerRequest? customer = null;
        if (body.Object("customer", true, CustomerFields) is { } c)
        {
            var accountNo = c.Text("accountNo", true, 10);
            if (accountNo is not null && !AccountNo().IsMatch(accountNo)) c.Errors.Add("customer.accountNo", "Must be the 10-digit account number.");
            var name = c.Text("name", true, MaxName);
            var phone = c.Text("phone", true, 20);
            if (phone is not null && !Phone().IsMatch(phone)) c.Errors.Add("customer.phone", "Must be a mobile number (11 digits) or a landline with area code.");
            var tier = c.OneOf("tier", OrderKinds.Tiers, required: true);
            var importance = c.Int("importance", 1, 3);
            if (accountNo is not null && name is not null && phone is not null && tier is not null)
                customer = new CustomerRequest(accountNo, name, phone, tier, importance);
        }

        if (!body.Valid) return null;
        return new TakeOrderRequest(kind!, subtype!, channel!, area!, customer!, address, description!, appointmentAt, specialCare);
    }
}
