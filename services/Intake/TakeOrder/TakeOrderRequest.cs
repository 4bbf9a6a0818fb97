using PowerMicro.Contracts;

namespace PowerMicro.Intake.TakeOrder;

/// <summary>The body of POST /api/orders (documented in OpenAPI; read and validated by <see cref="TakeOrderReader"/>).</summary>
public sealed record TakeOrderRequest(
    string Kind, string Subtype, string Channel, string Area, CustomerRequest Customer,
    string? Address, string Description, DateTimeOffset? AppointmentAt, string? SpecialCare);

/// <summary>Importance is the load level 1-3 (default 3).</summary>
public sealed record CustomerRequest(string AccountNo, string Name, string Phone, string Tier, int? Importance)
{
    public Customer ToCustomer() => new(AccountNo, Name, Phone, Tier, Importance ?? 3);
}
