using System.Security.Cryptography;
using System.Text;

namespace PowerMicro.Intake.Webhooks;

/// <summary>
/// Standard Webhooks signatures (standardwebhooks.com): webhook-id, webhook-timestamp (Unix seconds) and
/// webhook-signature "v1,&lt;base64 HMAC-SHA256 of id.timestamp.body&gt;" with the secret "whsec_&lt;base64 key&gt;".
/// </summary>
public static class WebhookSigner
{
    public const string Prefix = "whsec_";

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static bool IsValidSecret(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var key = new byte[secret.Length];
        return Convert.TryFromBase64String(secret[Prefix.Length..], key, out var length) && length >= 24 && length <= 64;
    }

    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(secret[Prefix.Length..]);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body.ToArray()).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
