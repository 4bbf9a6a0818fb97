using System.Net;
using System.Text;
using PowerMicro.Testing;

namespace PowerMicro.Intake.Tests;

/// <summary>POST /api/orders/validate: the take-order rules, answered without storing anything.</summary>
public sealed class When_an_order_is_checked_before_it_is_taken : IClassFixture<IntakeFixture>
{
    private readonly TestWebHost _host;

    public When_an_order_is_checked_before_it_is_taken(IntakeFixture intake) => _host = intake.Host;

    private Task<HttpResponseMessage> Validate(string body) =>
        _host.Client.PostAsync("/api/orders/validate", new StringContent(body, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task A_bad_order_gets_the_same_field_errors_as_taking_it_and_nothing_is_stored()
    {
        var order = IntakeHost.Order();
        order["customer"]!["phone"] = "1380000";
        order.Remove("address");
        var before = await _host.StoredEvents();

        using var checkedOnly = await Validate(order.ToJsonString());
        using var taken = await _host.Post(order.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, checkedOnly.StatusCode);
        Assert.Equal("application/problem+json", checkedOnly.Content.Headers.ContentType?.MediaType);
        var errors = (await checkedOnly.Json()).GetProperty("errors");
        var takenErrors = (await taken.Json()).GetProperty("errors");
        Assert.Equal(takenErrors.GetRawText(), errors.GetRawText());
        Assert.True(errors.TryGetProperty("customer.phone", out _));
        Assert.True(errors.TryGetProperty("address", out _));
        Assert.Equal(before, await _host.StoredEvents());
    }

    [Fact]
    public async Task A_good_order_is_valid_and_still_not_stored()
    {
        var before = await _host.StoredEvents();
        using var response = await Validate(IntakeHost.Order().ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Json()).GetProperty("valid").GetBoolean());
        Assert.Equal(before, await _host.StoredEvents());
    }

    [Fact]
    public async Task Orders_of_one_account_are_found_by_its_number()
    {
        var account = $"32{Random.Shared.NextInt64(10_000_000, 99_999_999)}";
        var order = IntakeHost.Order("complaint", "billing");
        order["customer"]!["accountNo"] = account;
        using var first = await _host.Post(order.ToJsonString());
        using var other = await _host.Post(IntakeHost.Order().ToJsonString());

        using var found = await _host.Client.GetAsync($"/api/orders?accountNo={account}");
        var items = (await found.Json()).GetProperty("items");
        Assert.Equal(1, items.GetArrayLength());
        Assert.Equal((await first.Json()).GetProperty("orderId").GetGuid(), items[0].GetProperty("orderId").GetGuid());

        using var bad = await _host.Client.GetAsync("/api/orders?accountNo=12ab");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Json()).GetProperty("errors").TryGetProperty("accountNo", out _));
    }
}
