using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerMicro.Testing;

namespace PowerMicro.Intake.Tests;

/// <summary>
/// Two integrators (billing, outage management) each see and end only their own subscriptions; another's is "no such
/// subscription" (its URL and backlog are none of their business); a supervisor sees them all but ends none.
/// </summary>
public sealed class When_integrators_share_the_webhook_service : IClassFixture<WebhookIntakeFixture>
{
    private readonly TestWebHost _intake;

    public When_integrators_share_the_webhook_service(WebhookIntakeFixture fixture) => _intake = fixture.Host;

    private async Task<Guid> Subscribe(HttpClient client, string url)
    {
        using var response = await client.PostAsJsonAsync("/api/subscriptions", new { url });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<Guid[]> Listed(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/subscriptions")).EnumerateArray().Select(s => s.GetProperty("id").GetGuid())];

    [Fact]
    public async Task Each_sees_and_ends_only_its_own_and_a_supervisor_sees_all()
    {
        var billing = _intake.ClientAs("integrator", user: "billing-" + Guid.NewGuid().ToString("N")[..6]);
        var outage = _intake.ClientAs("integrator", user: "outage-" + Guid.NewGuid().ToString("N")[..6]);
        var supervisor = _intake.ClientAs("supervisor");
        var billings = await Subscribe(billing, "http://127.0.0.1:9/billing");
        var outages = await Subscribe(outage, "http://127.0.0.1:9/outage");

        Assert.Contains(billings, await Listed(billing));
        Assert.DoesNotContain(outages, await Listed(billing));
        Assert.Contains(outages, await Listed(outage));
        Assert.DoesNotContain(billings, await Listed(outage));
        var all = await Listed(supervisor);
        Assert.Contains(billings, all);
        Assert.Contains(outages, all);

        using (var peek = await billing.GetAsync($"/api/subscriptions/{outages}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, peek.StatusCode);
            Assert.Equal("application/problem+json", peek.Content.Headers.ContentType?.MediaType);
        }
        using (var end = await billing.DeleteAsync($"/api/subscriptions/{outages}"))
            Assert.Equal(HttpStatusCode.NotFound, end.StatusCode);
        using (var end = await supervisor.DeleteAsync($"/api/subscriptions/{outages}"))
            Assert.Equal(HttpStatusCode.Forbidden, end.StatusCode);
        Assert.Contains(outages, await Listed(outage));

        using (var end = await outage.DeleteAsync($"/api/subscriptions/{outages}"))
            Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        Assert.DoesNotContain(outages, await Listed(supervisor));
    }

    [Theory]
    [InlineData("""{"url":"http://127.0.0.1:9/x","filtre":{}}""", "filtre")]
    [InlineData("""{"url":"ftp://127.0.0.1/x"}""", "url")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","filter":{"kind":"weather"}}""", "filter.kind")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","after":-1}""", "after")]
    [InlineData("""{"url":"http://127.0.0.1:9/x\u0000"}""", "url")]
    public async Task A_bad_subscription_is_refused_naming_the_field_and_nothing_is_created(string body, string field)
    {
        var client = _intake.ClientAs("integrator", user: "strict-" + Guid.NewGuid().ToString("N")[..6]);
        using var response = await client.PostAsync("/api/subscriptions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        Assert.Empty(await Listed(client));
    }
}
