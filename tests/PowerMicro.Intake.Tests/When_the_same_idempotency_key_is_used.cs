using System.Net;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Testing;

namespace PowerMicro.Intake.Tests;

public sealed class When_the_same_idempotency_key_is_used : IClassFixture<IntakeFixture>
{
    private readonly TestWebHost _host;

    public When_the_same_idempotency_key_is_used(IntakeFixture intake) => _host = intake.Host;

    [Fact]
    public async Task Twenty_concurrent_posts_with_one_key_create_one_order()
    {
        var key = Guid.NewGuid().ToString();
        var body = IntakeHost.Order().ToJsonString();
        var before = await _host.StoredEvents();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _host.Post(body, key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Json()).GetProperty("orderId").GetGuid()));
        Assert.Single(ids.Distinct());
        Assert.Equal(before + 1, await _host.StoredEvents());
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_a_conflict_that_changes_nothing()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await _host.Post(IntakeHost.Order().ToJsonString(), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var before = await _host.StoredEvents();

        var other = IntakeHost.Order();
        other["description"] = "A different fault";
        using var second = await _host.Post(other.ToJsonString(), key);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await _host.StoredEvents());
    }

    [Fact]
    public async Task An_oversize_key_is_refused()
    {
        using var response = await _host.Post(IntakeHost.Order().ToJsonString(), new string('k', 101));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
