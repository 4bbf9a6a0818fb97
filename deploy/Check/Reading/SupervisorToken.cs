using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PowerMicro.Check.Reading;

/// <summary>
/// A short-lived supervisor token for the checker's one API read (the compliance report): services validate every
/// caller's token themselves. Signed HS256 with the same Auth settings every process has: Auth__SigningKey,
/// Auth__Issuer, Auth__Audience from the environment, else the local-development values of the appsettings files.
/// </summary>
public static class SupervisorToken
{
    private const string DevelopmentKey = "LOCAL-DEVELOPMENT-ONLY-powermicro-gateway-hs256-key-not-a-secret";

    public static string Create(Func<string, string?> environment, DateTimeOffset now)
    {
        var key = environment("Auth__SigningKey") ?? DevelopmentKey;
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = environment("Auth__Issuer") ?? "powermicro-gateway",
            ["aud"] = environment("Auth__Audience") ?? "powermicro-api",
            ["sub"] = "deploy-check",
            ["name"] = "deploy-check",
            ["role"] = "supervisor",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
        }));
        var signature = Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
