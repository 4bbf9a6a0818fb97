using System.Text.Json;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>One order the workload takes in: its kind, subtype and whether it is an appointment service.</summary>
public sealed record PlannedOrder(long Number, string Kind, string Subtype, string Area, bool Appointment)
{
    public string Body(DateTimeOffset now) => JsonSerializer.Serialize(new
    {
        kind = Kind,
        subtype = Subtype,
        channel = "phone",
        area = Area,
        customer = new { accountNo = $"{3201000000 + Number % 100000:D10}", name = "Bench Customer", phone = "13800000000", tier = "C", importance = 3 },
        address = Kind == "repair" ? "12 Huaihe Rd, Xuyi" : null,
        description = Kind == "repair" ? $"No power in the street, benchmark order {Number}" : $"benchmark order {Number}",
        appointmentAt = Appointment ? now.AddDays(2) : (DateTimeOffset?)null,
    });
}

/// <summary>
/// The mix: 30% repairs, 40% inquiries (half of them the sampled subtypes outage-info, policy, bill),
/// 10% complaints, 5% reports, 15% business applications (a third with an appointment). Seeded, so two runs
/// offer the same orders.
/// </summary>
public sealed class OrderMix(int seed)
{
    private static readonly string[] RepairSubtypes = ["no-power", "partial-outage", "voltage-problem", "line-damage"];
    private static readonly string[] SampledInquiries = ["outage-info", "policy", "bill"];
    private static readonly string[] OtherInquiries = ["meter-reading", "safety", "other"];
    private static readonly string[] Complaints = ["service-attitude", "service-efficiency", "power-quality", "outage", "billing", "construction", "other"];
    private static readonly string[] Reports = ["misconduct", "other"];
    private static readonly string[] Business = ["new-connection", "capacity-increase", "suspension", "meter-relocation", "tariff-change", "reconnection"];
    private static readonly string[] Areas = ["urban", "urban", "rural", "remote"];

    private readonly Random random = new(seed);
    private long number;

    public PlannedOrder Next()
    {
        var n = ++number;
        var roll = random.Next(100);
        var area = Pick(Areas);
        return roll switch
        {
            < 30 => new PlannedOrder(n, "repair", Pick(RepairSubtypes), area, false),
            < 70 => new PlannedOrder(n, "inquiry", random.Next(2) == 0 ? Pick(SampledInquiries) : Pick(OtherInquiries), area, false),
            < 80 => new PlannedOrder(n, "complaint", Pick(Complaints), area, false),
            < 85 => new PlannedOrder(n, "report", Pick(Reports), area, false),
            _ => new PlannedOrder(n, "business", Pick(Business), area, random.Next(3) == 0),
        };
    }

    /// <summary>Seconds until the next arrival of a Poisson process at <paramref name="rate"/> per second.</summary>
    public double NextGap(double rate) => -Math.Log(1 - random.NextDouble()) / rate;

    private string Pick(string[] values) => values[random.Next(values.Length)];
}
