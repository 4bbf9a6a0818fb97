using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using PowerMicro.Testing;

namespace PowerMicro.Gateway.Tests;

/// <summary>Tokens as an issuer would sign them, and the ways a forged or stale one differs.</summary>
public static class Tokens
{
    public const string Issuer = TestTokens.Issuer;
    public const string Audience = TestTokens.Audience;
    public const string SigningKey = TestTokens.SigningKey;

    public static Dictionary<string, string?> GatewayConfiguration() => TestTokens.Configuration();

    public static string For(string role, string user = "tester", string? audience = null, string? issuer = null,
        string key = SigningKey, DateTime? expires = null, string? crew = null)
    {
        var exp = expires ?? DateTime.UtcNow.AddMinutes(10);
        var notBefore = exp.AddMinutes(-15);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? Audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = exp,
            Subject = new ClaimsIdentity(crew is null
                ? [new Claim("sub", user), new Claim("role", role)]
                : [new Claim("sub", user), new Claim("role", role), new Claim("crew", crew)]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>An unsigned token ("alg":"none") with otherwise valid claims.</summary>
    public static string Unsigned(string role)
    {
        static string B64(object value) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(value));
        var now = DateTimeOffset.UtcNow;
        return B64(new { alg = "none", typ = "JWT" }) + "." + B64(new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["aud"] = Audience, ["sub"] = "mallory", ["role"] = role,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(), ["exp"] = now.AddMinutes(10).ToUnixTimeSeconds(),
        }) + ".";
    }
}
