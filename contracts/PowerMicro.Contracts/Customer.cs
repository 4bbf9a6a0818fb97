namespace PowerMicro.Contracts;

/// <summary>The customer as taken in with the order. Tier: A VIP, B major, C ordinary, D small; importance: load level 1-3.</summary>
public sealed record Customer(string AccountNo, string Name, string Phone, string Tier, int Importance);
