using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PowerMicro.ServiceDefaults.Security;

namespace PowerMicro.Testing;

/// <summary>The token settings every test host gets (section Auth), and tokens signed with them.</summary>
public static class TestTokens
{
    public const string Issuer = "powermicro-test-issuer";
    public const string Audience = "powermicro-test-api";
    public const string SigningKey = "test-only-signing-key-for-the-gateway-tests-0123456789";

    public static Dictionary<string, string?> Configuration() => new()
    {
        ["Auth:Issuer"] = Issuer,
        ["Auth:Audience"] = Audience,
        ["Auth:SigningKey"] = SigningKey,
    };

    public static string For(string role, string user = "tester", string? crew = null, string? audience = null, string? issuer = null,
        string key = SigningKey, DateTime? expires = null)
    {
        var exp = expires ?? DateTime.UtcNow.AddMinutes(30);
        var notBefore = exp.AddMinutes(-45);
        var claims = new List<Claim> { new("sub", user), new(Roles.ClaimType, role) };
        if (crew is not null) claims.Add(new Claim(Roles.CrewClaimType, crew));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? Audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = exp,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    public static AuthenticationHeaderValue Bearer(string role, string user = "tester", string? crew = null) =>
        new("Bearer", For(role, user, crew));
}

/// <summary>
/// For a test host's default client: a request without Authorization goes as a user of the first role the
/// role table allows for its route, other than crew (an agent for POST /api/orders, a supervisor for GET
/// /api/dispatch/sla …). Crew actions need a crew, so tests send those with an explicit crew token.
/// </summary>
public sealed class FirstAllowedRole(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && request.RequestUri is { } uri)
        {
            var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
            var (_, rule) = RouteRoles.Find(request.Method.Method, Uri.UnescapeDataString(path));
            if (rule is { Anonymous: false })
            {
                var role = rule.Roles.FirstOrDefault(r => r != Roles.Crew) ?? rule.Roles[0];
                request.Headers.Authorization = TestTokens.Bearer(role, "test-" + role);
            }
        }
        return base.SendAsync(request, cancellationToken);
    }
}
