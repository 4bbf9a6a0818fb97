using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace PowerMicro.ServiceDefaults.Security;

/// <summary>
/// Configuration section "Auth": who issues tokens, for whom, and the HMAC key that signs them. The gateway and
/// every service read the same section, so each validates the caller's token with the same settings.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string LocalDevelopmentKeyPrefix = "LOCAL-DEVELOPMENT-ONLY";

    public string Issuer { get; set; } = "";
    public string Audience { get; set; } = "";
    public string SigningKey { get; set; } = "";
    public DevTokenOptions DevTokens { get; set; } = new();

    public sealed class DevTokenOptions
    {
        public bool Enabled { get; set; }
        public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);
    }

    public static AuthOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<AuthOptions>() ?? new AuthOptions();
        var missing = new[] { ("Issuer", options.Issuer), ("Audience", options.Audience), ("SigningKey", options.SigningKey) }
            .Where(p => string.IsNullOrWhiteSpace(p.Item2)).Select(p => $"{Section}:{p.Item1}").ToArray();
        if (missing.Length > 0)
            throw new InvalidOperationException($"Every process needs {string.Join(", ", missing)} (environment: Auth__SigningKey etc.).");
        if (Encoding.UTF8.GetByteCount(options.SigningKey) < 32)
            throw new InvalidOperationException($"{Section}:SigningKey must be at least 32 bytes (256 bits) for HMAC-SHA256.");
        if (options.DevTokens.Lifetime <= TimeSpan.Zero || options.DevTokens.Lifetime > TimeSpan.FromDays(1))
            throw new InvalidOperationException($"{Section}:DevTokens:Lifetime must be between 0 and 24 hours.");
        return options;
    }

    public SymmetricSecurityKey Key() => new(Encoding.UTF8.GetBytes(SigningKey));
}
