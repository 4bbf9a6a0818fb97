using System.Net;
using System.Text.Json.Nodes;
using PowerMicro.Testing;

namespace PowerMicro.Intake.Tests;

public sealed class When_a_bad_order_is_posted : IClassFixture<IntakeFixture>
{
    private readonly TestWebHost _host;

    public When_a_bad_order_is_posted(IntakeFixture intake) => _host = intake.Host;

    private static string With(Action<JsonObject> change)
    {
        var order = IntakeHost.Order();
        change(order);
        return order.ToJsonString();
    }

    private static JsonObject Customer(JsonObject order) => order["customer"]!.AsObject();

    /// <summary>Each bad body and the field its problem names ("" for a body-level problem).</summary>
    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "not JSON", "{\"kind\": \"repair\",", "" },
        { "empty body", "", "" },
        { "JSON array", "[]", "body" },
        { "JSON string", "\"repair\"", "body" },
        { "missing kind", With(o => o.Remove("kind")), "kind" },
        { "unknown kind", With(o => o["kind"] = "outage"), "kind" },
        { "kind of wrong type", With(o => o["kind"] = 3), "kind" },
        { "missing subtype", With(o => o.Remove("subtype")), "subtype" },
        { "subtype of another kind", With(o => o["subtype"] = "bill"), "subtype" },
        { "unknown subtype", With(o => o["subtype"] = "fire"), "subtype" },
        { "missing channel", With(o => o.Remove("channel")), "channel" },
        { "unknown channel", With(o => o["channel"] = "fax"), "channel" },
        { "missing area", With(o => o.Remove("area")), "area" },
        { "unknown area", With(o => o["area"] = "suburban"), "area" },
        { "area of wrong type", With(o => o["area"] = new JsonArray()), "area" },
        { "missing customer", With(o => o.Remove("customer")), "customer" },
        { "customer not an object", With(o => o["customer"] = "Wang Li"), "customer" },
        { "missing account number", With(o => Customer(o).Remove("accountNo")), "customer.accountNo" },
        { "short account number", With(o => Customer(o)["accountNo"] = "32010"), "customer.accountNo" },
        { "account number with letters", With(o => Customer(o)["accountNo"] = "32010000AB"), "customer.accountNo" },
        { "account number as a number", With(o => Customer(o)["accountNo"] = 3201000001), "customer.accountNo" },
        { "missing name", With(o => Customer(o).Remove("name")), "customer.name" },
        { "oversize name", With(o => Customer(o)["name"] = new string('王', 51)), "customer.name" },
        { "missing phone", With(o => Customer(o).Remove("phone")), "customer.phone" },
        { "phone too short", With(o => Customer(o)["phone"] = "1380000"), "customer.phone" },
        { "phone with letters", With(o => Customer(o)["phone"] = "1380000abcd"), "customer.phone" },
        { "unknown tier", With(o => Customer(o)["tier"] = "E"), "customer.tier" },
        { "lower-case tier", With(o => Customer(o)["tier"] = "a"), "customer.tier" },
        { "importance 0", With(o => Customer(o)["importance"] = 0), "customer.importance" },
        { "importance 4", With(o => Customer(o)["importance"] = 4), "customer.importance" },
        { "importance as text", With(o => Customer(o)["importance"] = "1"), "customer.importance" },
        { "importance fractional", With(o => Customer(o)["importance"] = 1.5), "customer.importance" },
        { "missing description", With(o => o.Remove("description")), "description" },
        { "blank description", With(o => o["description"] = "   "), "description" },
        { "oversize description", With(o => o["description"] = new string('x', 2001)), "description" },
        { "repair without address", With(o => o.Remove("address")), "address" },
        { "oversize address", With(o => o["address"] = new string('x', 201)), "address" },
        { "appointment on a repair", With(o => o["appointmentAt"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O")), "appointmentAt" },
        { "appointment not a date", With(o => { o["kind"] = "business"; o["subtype"] = "new-connection"; o["appointmentAt"] = "next tuesday"; }), "appointmentAt" },
        { "appointment in the past", With(o => { o["kind"] = "business"; o["subtype"] = "new-connection"; o["appointmentAt"] = "2020-01-01T08:00:00Z"; }), "appointmentAt" },
        { "unknown special care", With(o => o["specialCare"] = "vip"), "specialCare" },
        { "misspelt field (appointmentAT)", With(o => { o["kind"] = "business"; o["subtype"] = "new-connection"; o["appointmentAT"] = "2099-01-01T08:00:00Z"; }), "appointmentAT" },
        { "unknown customer field", With(o => Customer(o)["email"] = "x@example.com"), "customer.email" },
        { "NUL in the description", With(o => o["description"] = "no power\u0000"), "description" },
        { "bell in the name", With(o => Customer(o)["name"] = "Wang\u0007Li"), "customer.name" },
        { "newline in the name", With(o => Customer(o)["name"] = "Wang\nLi"), "customer.name" },
        { "lone surrogate in the description", With(o => o["description"] = "SURROGATE").Replace("SURROGATE", "\\ud800"), "description" },
        { "duplicate key", With(o => { }).Replace("{\"kind\":", "{\"kind\":\"inquiry\",\"kind\":"), "body" },
        { "appointment in year 1", With(o => { o["kind"] = "business"; o["subtype"] = "new-connection"; o["appointmentAt"] = "0001-01-01T00:00:00Z"; }), "appointmentAt" },
        { "nested too deep", With(o => { JsonNode deep = new JsonArray(); for (var i = 0; i < 40; i++) deep = new JsonArray(deep); o["extra"] = deep; }), "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task It_is_answered_400_with_a_problem_naming_the_field_and_nothing_is_stored(string why, string body, string field)
    {
        var before = await _host.StoredEvents();
        using var response = await _host.Post(body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Json();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        if (field.Length > 0) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: no error for {field}");
        Assert.Equal(before, await _host.StoredEvents());
    }

    [Fact]
    public async Task Several_mistakes_are_reported_together()
    {
        var body = With(o => { o["kind"] = "outage"; o["channel"] = "fax"; Customer(o)["tier"] = "Z"; });
        using var response = await _host.Post(body);
        var errors = (await response.Json()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("kind", out _) && errors.TryGetProperty("channel", out _) && errors.TryGetProperty("customer.tier", out _));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task A_body_that_is_not_json_is_refused(string contentType)
    {
        var before = await _host.StoredEvents();
        using var response = await _host.Client.PostAsync("/api/orders",
            new StringContent("kind=repair", System.Text.Encoding.UTF8, contentType));
        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await _host.StoredEvents());
    }

    [Theory]
    [InlineData("/api/orders/not-a-guid", 400)]
    [InlineData("/api/orders/7f3c2a10-0000-4000-8000-000000000000", 404)]
    [InlineData("/api/orders/00000000-0000-0000-0000-000000000000", 404)]
    [InlineData("/api/orders/{7f3c2a10-0000-4000-8000-000000000000}", 400)]
    [InlineData("/api/orders?to=0001-01-01", 400)]
    [InlineData("/api/orders?from=2026-02-01&to=2026-01-01", 400)]
    [InlineData("/api/orders?kind=repair&kind=repair", 400)]
    [InlineData("/api/orders?unknown=1", 400)]
    [InlineData("/api/orders?kind=outage", 400)]
    [InlineData("/api/orders?status=lost", 400)]
    [InlineData("/api/orders?page=0", 400)]
    [InlineData("/api/orders?pageSize=1000", 400)]
    [InlineData("/api/orders?from=yesterday", 400)]
    public async Task Bad_reads_are_problems_too(string path, int status)
    {
        using var response = await _host.Client.GetAsync(path);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
