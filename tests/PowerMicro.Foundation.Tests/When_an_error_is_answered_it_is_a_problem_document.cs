using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PowerMicro.ServiceDefaults;
using PowerMicro.Testing;

namespace PowerMicro.Foundation.Tests;

public sealed class When_an_error_is_answered_it_is_a_problem_document
{
    private static Task<TestWebHost> StartService() =>
        TestWebHost.StartAsync(new Dictionary<string, string?>(),
            builder => builder.AddServiceDefaults("problems-probe"),
            app =>
            {
                app.MapDefaultEndpoints();
                app.MapPost("/echo", (Echo body) => Results.Ok(body));
                app.MapGet("/boom", string () => throw new InvalidOperationException("boom for 13800138000"));
            });

    public sealed record Echo(string Text);

    [Theory]
    [InlineData("GET", "/no-such-route", null, HttpStatusCode.NotFound)]
    [InlineData("POST", "/echo", "{not json", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/echo", "", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/boom", null, HttpStatusCode.InternalServerError)]
    public async Task Errors_are_rfc9457_problem_details_with_a_trace_id(string method, string path, string? body, HttpStatusCode expected)
    {
        await using var host = await StartService();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("traceId").GetString()));
        Assert.DoesNotContain("13800138000", problem.RootElement.ToString());
    }
}
