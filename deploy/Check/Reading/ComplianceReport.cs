using System.Net.Http.Json;
using System.Text.Json;
using PowerMicro.Check.Checks;

namespace PowerMicro.Check.Reading;

/// <summary>GET /api/callbacks/compliance of the callback service, asked as a supervisor (services trust the gateway's identity headers on loopback).</summary>
public static class ComplianceReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<(IReadOnlyList<ComplianceLine>? Lines, string? Problem)> ReadAsync(Uri callbackService, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = callbackService, Timeout = TimeSpan.FromSeconds(15) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/callbacks/compliance");
        request.Headers.Add("X-PowerMicro-Role", "supervisor");
        request.Headers.Add("X-PowerMicro-User", "deploy-check");
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
