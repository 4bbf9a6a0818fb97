using System.Net;
using System.Net.Http.Json;
using PowerMicro.Testing;

namespace PowerMicro.Intake.Tests;

public sealed class When_an_order_is_answered : IClassFixture<IntakeFixture>
{
    private readonly TestWebHost _host;

    public When_an_order_is_answered(IntakeFixture intake) => _host = intake.Host;

    private async Task<Guid> Take(string kind, string subtype, bool appointment = false)
    {
        var order = IntakeHost.Order(kind, subtype);
        if (appointment) order["appointmentAt"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        using var created = await _host.Post(order.ToJsonString());
        return (await created.Json()).GetProperty("orderId").GetGuid();
    }

    private Task<HttpResponseMessage> Answer(Guid order, object body) =>
        _host.Client.PostAsJsonAsync($"/api/orders/{order}/answer", body);

    [Theory]
    [InlineData("inquiry", "bill", false, "pending")]
    [InlineData("inquiry", "safety", false, "not-required")]
    [InlineData("business", "new-connection", true, "pending")]
    [InlineData("business", "tariff-change", false, "not-required")]
    public async Task An_inquiry_or_business_application_is_completed(string kind, string subtype, bool appointment, string callback)
    {
        var order = await Take(kind, subtype, appointment);
        using var response = await Answer(order, new { answer = "Your bill is 120 yuan." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.Equal("completed", body.GetProperty("status").GetString());
        Assert.Equal(callback, body.GetProperty("callback").GetProperty("status").GetString());
        var types = body.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("type").GetString()).ToList();
        Assert.Equal(["OrderReceived", "OrderAnswered", "OrderCompleted"], types);
    }

    [Fact]
    public async Task Answering_twice_or_answering_a_repair_is_a_conflict_and_an_unknown_order_is_not_found()
    {
        var inquiry = await Take("inquiry", "policy");
        using (var first = await Answer(inquiry, new { answer = "See the tariff notice." }))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = await _host.StoredEvents();

        using var again = await Answer(inquiry, new { answer = "Again" });
        using var repair = await Answer(await Take("repair", "no-power"), new { answer = "Fixed" });
        using var unknown = await Answer(Guid.NewGuid(), new { answer = "Hello" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, repair.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(before + 1, await _host.StoredEvents()); // only the repair's OrderTaken
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"answer\": \"\"}")]
    [InlineData("{\"answer\": 42}")]
    [InlineData("{\"answer\": ")]
    public async Task A_bad_answer_is_a_problem_and_changes_nothing(string body)
    {
        var order = await Take("inquiry", "bill");
        var before = await _host.StoredEvents();
        using var response = await _host.Client.PostAsync($"/api/orders/{order}/answer",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await _host.StoredEvents());
    }

    [Fact]
    public async Task The_list_filters_by_kind_and_status_newest_first()
    {
        var first = await Take("report", "misconduct");
        var second = await Take("report", "misconduct");
        using var response = await _host.Client.GetAsync("/api/orders?kind=report&status=received&pageSize=100");
        var page = await response.Json();
        var ids = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("orderId").GetGuid()).ToList();
        Assert.True(ids.IndexOf(second) < ids.IndexOf(first));
        Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.Equal("report", i.GetProperty("kind").GetString()));
    }
}
