using System.Net.Http.Json;
using System.Text.Json;
using PowerMicro.Check.Checks;

namespace PowerMicro.Check.Reading;

/// <summary>GET /api/callbacks/compliance of the callback service, asked as a supervisor with a token of the checker's own (<see cref="SupervisorToken"/>).</summary>
public static class ComplianceReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<(IReadOnlyList<ComplianceLine>? Lines, string? Problem)> ReadAsync(Uri callbackService, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = callbackService, Timeout = TimeSpan.FromSeconds(15) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/callbacks/compliance");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            SupervisorToken.Create(Environment.GetEnvironmentVariable, DateTimeOffset.UtcNow));
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode) return (null, $"{callbackService} answered {(int)response.StatusCode}");
            return (await response.Content.ReadFromJsonAsync<List<ComplianceLine>>(Json, cancellationToken), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (null, $"{callbackService}: {ex.Message}");
        }
    }
}
