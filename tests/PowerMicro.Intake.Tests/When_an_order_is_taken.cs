using System.Net;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Intake.Tests;

public sealed class When_an_order_is_taken : IClassFixture<IntakeFixture>
{
    private readonly TestWebHost _host;

    public When_an_order_is_taken(IntakeFixture intake) => _host = intake.Host;

    public static TheoryData<string, string> EveryKindAndSubtype()
    {
        var data = new TheoryData<string, string>();
        foreach (var (kind, subtypes) in OrderKinds.Subtypes)
            foreach (var subtype in subtypes) data.Add(kind, subtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryKindAndSubtype))]
    public async Task Every_kind_and_subtype_is_accepted_and_can_be_read_back(string kind, string subtype)
    {
        var order = IntakeHost.Order(kind, subtype);
        using var created = await _host.Post(order.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Json();
        var id = body.GetProperty("orderId").GetGuid();
        Assert.Equal($"/api/orders/{id}", created.Headers.Location?.ToString());
        Assert.Equal(kind, body.GetProperty("kind").GetString());
        Assert.Equal(subtype, body.GetProperty("subtype").GetString());
        Assert.Equal("received", body.GetProperty("status").GetString());
        Assert.Matches(@"^\d{14}$", body.GetProperty("number").GetString());

        using var read = await _host.Client.GetAsync($"/api/orders/{id}");
        var stored = await read.Json();
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(body.GetProperty("number").GetString(), stored.GetProperty("number").GetString());
        var timeline = stored.GetProperty("timeline");
        Assert.Equal("OrderReceived", timeline[0].GetProperty("type").GetString());
        Assert.Equal("intake", timeline[0].GetProperty("service").GetString());
        Assert.Equal(32, stored.GetProperty("traceId").GetString()!.Length);
    }

    [Theory]
    [InlineData("repair", "no-power", "C", 3, 2)]
    [InlineData("repair", "meter-fault", "C", 3, 3)]
    [InlineData("repair", "meter-fault", "A", 3, 1)]
    [InlineData("inquiry", "bill", "D", 1, 1)]
    [InlineData("complaint", "billing", "B", 3, 2)]
    [InlineData("inquiry", "bill", "C", 3, 4)]
    public async Task Priority_follows_tier_importance_and_kind(string kind, string subtype, string tier, int importance, int expected)
    {
        var order = IntakeHost.Order(kind, subtype);
        order["customer"]!["tier"] = tier;
        order["customer"]!["importance"] = importance;
        using var created = await _host.Post(order.ToJsonString());
        Assert.Equal(expected, (await created.Json()).GetProperty("priority").GetInt32());
    }

    [Fact]
    public async Task A_business_application_with_an_appointment_is_an_appointment_service_awaiting_a_callback()
    {
        var order = IntakeHost.Order("business", "new-connection");
        order["appointmentAt"] = DateTimeOffset.UtcNow.AddDays(2).ToString("O");
        using var created = await _host.Post(order.ToJsonString());
        var body = await created.Json();
        Assert.True(body.GetProperty("appointmentService").GetBoolean());
        Assert.True(body.GetProperty("callback").GetProperty("required").GetBoolean());
        Assert.Equal("pending", body.GetProperty("callback").GetProperty("status").GetString());
    }
}
