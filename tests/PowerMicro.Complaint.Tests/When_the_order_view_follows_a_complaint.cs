using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerMicro.Intake;
using PowerMicro.Testing;

namespace PowerMicro.Complaint.Tests;

/// <summary>The whole way: intake takes the complaint, this service handles it, intake's order view follows.</summary>
public sealed class When_the_order_view_follows_a_complaint : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_the_order_view_follows_a_complaint(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    private static async Task<JsonElement?> OrderView(TestWebHost intake, Guid orderId, Func<JsonElement, bool> condition)
    {
        using var response = await intake.Client.GetAsync($"/api/orders/{orderId}");
        if (!response.IsSuccessStatusCode) return null;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return condition(body) ? body : null;
    }

    [Fact]
    public async Task Taken_contacted_and_replied_the_order_shows_completed_with_both_deadlines_met()
    {
        // Intake runs on the system clock; the complaint service's fake one starts a minute later, so the
        // case's steps come after intake's OrderReceived in the timeline, as they would on one clock.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(1));
        var intakeSettings = _infrastructure.Configuration(_infrastructure.Schema + "_intake");
        intakeSettings["ConnectionStrings:Postgres"] = ComplaintRig.Pooled(_infrastructure, 10);
        await using var intake = await TestWebHost.StartAsync(intakeSettings, b => b.AddIntake(), app => app.MapIntake());
        await using var complaint = await ComplaintRig.StartService(_infrastructure, clock);

        using var taken = await intake.Client.PostAsJsonAsync("/api/orders", new
        {
            kind = "complaint", subtype = "service-attitude", channel = "phone", area = "urban",
            customer = new { accountNo = "3201000099", name = "Li Na", phone = "13900000000", tier = "A", importance = 3 },
            address = "3 Wuyi Rd", description = "The counter clerk was rude.", appointmentAt = (DateTimeOffset?)null,
        });
        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
        var orderId = (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();

        var opened = await complaint.CaseWhen(orderId, _ => true, "the case opened from intake's OrderReceived");
        Assert.Equal(("A", "received"), (opened.Customer.Tier, opened.Status));
        await Eventually.Get(() => OrderView(intake, orderId, v => v.GetProperty("deadlines").GetArrayLength() == 2),
            "the contact and reply deadlines on the order");

        await complaint.Contact(orderId);
        await Eventually.Get(() => OrderView(intake, orderId, v => v.GetProperty("status").GetString() == "in-progress"),
            "the order in progress after the contact");

        await complaint.Reply(orderId);
        var view = await Eventually.Get(() => OrderView(intake, orderId, v =>
                v.GetProperty("status").GetString() == "completed"
                && v.GetProperty("deadlines").EnumerateArray().All(d => d.GetProperty("metAt").ValueKind == JsonValueKind.String)),
            "the order completed with its deadlines met");
        var deadlines = view!.Value.GetProperty("deadlines").EnumerateArray().ToList();
        Assert.Equal(["contact", "reply"], deadlines.Select(d => d.GetProperty("name").GetString()).Order());
        Assert.All(deadlines, d => Assert.False(d.GetProperty("breached").GetBoolean()));
        var timeline = view.Value.GetProperty("timeline").EnumerateArray()
            .Select(t => t.GetProperty("type").GetString()).ToList();
        Assert.Equal("OrderReceived", timeline[0]);
        Assert.Contains("ComplaintContacted", timeline);
        Assert.Equal("OrderCompleted", timeline.Last(t => t is not ("DeadlineMet" or "DeadlineSet")));
    }
}
