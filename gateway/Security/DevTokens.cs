using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PowerMicro.Gateway.Problems;

namespace PowerMicro.Gateway.Security;

/// <summary>
/// POST /api/auth/dev-token {"role":"agent","name":"me"} → {"token":"…","expiresAt":"…"}: a short-lived
/// token signed with the gateway's own key, for local runs only. Off unless Auth:DevTokens:Enabled is
/// true; then the endpoint answers 404 like any unknown path.
/// </summary>
public static class DevTokens
{
    public const string Path = "/api/auth/dev-token";
    private const int MaxNameLength = 100;

    public sealed record Request(string? Role, string? Name);
    public sealed record Response(string Token, DateTime ExpiresAt);

    public static IEndpointRouteBuilder MapDevTokens(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, Issue).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> Issue(HttpContext context, Request? request, AuthOptions auth)
    {
        if (!auth.DevTokens.Enabled)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound,
                "Development tokens are disabled (Auth:DevTokens:Enabled).");
            return Results.Empty;
        }

        var errors = new Dictionary<string, string[]>();
        if (!Roles.IsKnown(request?.Role))
            errors["role"] = [$"role must be one of: {string.Join(", ", Roles.All)}."];
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            errors["name"] = ["name is required."];
        else if (name.Length > MaxNameLength || name.Any(char.IsControl))
            errors["name"] = [$"name must be at most {MaxNameLength} characters, without control characters."];
        if (errors.Count > 0)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "The token request is invalid.", errors);
            return Results.Empty;
        }

        // Real time, not the process's TimeProvider: the token is checked against the real clock (JwtBearer), and with
        // the demo clock (Clock__Speed) a token stamped in accelerated time was "not valid yet" for every request.
        var now = TimeProvider.System.GetUtcNow();
        // whole seconds, as the token's exp claim; serialized as UTC ("…Z")
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + auth.DevTokens.Lifetime).ToUnixTimeSeconds());
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity([
                new Claim("sub", name!),
                new Claim("name", name!),
                new Claim(Roles.ClaimType, request!.Role!),
                new Claim("jti", Guid.NewGuid().ToString("N")),
            ]),
            SigningCredentials = new SigningCredentials(auth.Key(), SecurityAlgorithms.HmacSha256),
        });
        return Results.Ok(new Response(token, expires.UtcDateTime));
    }
}
