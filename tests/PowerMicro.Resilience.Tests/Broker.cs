using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PowerMicro.Testing.Processes;

namespace PowerMicro.Resilience.Tests;

/// <summary>What RabbitMQ's management API says about a system's virtual host.</summary>
public static class Broker
{
    /// <summary>Messages in every *_error queue of the system's virtual host, by queue.</summary>
    public static async Task<Dictionary<string, long>> ErrorQueuesAsync(SystemServers servers)
    {
        var management = servers.RabbitMqManagement;
        using var client = new HttpClient { BaseAddress = new UriBuilder(management) { UserName = "", Password = "" }.Uri };
        var credentials = string.IsNullOrEmpty(management.UserInfo) ? "guest:guest" : Uri.UnescapeDataString(management.UserInfo);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        var vhost = Uri.EscapeDataString(servers.RabbitMq.AbsolutePath.Trim('/'));
        var queues = await client.GetFromJsonAsync<JsonElement>($"api/queues/{vhost}?columns=name,messages");
        return queues.EnumerateArray()
            .Where(q => q.GetProperty("name").GetString()!.EndsWith("_error", StringComparison.Ordinal))
            .ToDictionary(q => q.GetProperty("name").GetString()!,
                q => q.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : 0);
    }
}
