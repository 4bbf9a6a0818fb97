using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using System.Text.RegularExpressions;
using PowerMicro.ServiceDefaults.Input;
using PowerMicro.ServiceDefaults.Problems;
using PowerMicro.ServiceDefaults.Security;

namespace PowerMicro.Gateway.Security;

/// <summary>
/// POST /api/auth/dev-token {"role":"agent","name":"me"} (a crew also {"crew":"urban-1"}) → {"token":"…","expiresAt":"…"}: a short-lived
/// token signed with the gateway's own key, for local runs only. Off unless Auth:DevTokens:Enabled is
/// true; then the endpoint answers 404 like any unknown path.
/// </summary>
public static partial class DevTokens
{
    public const string Path = "/api/auth/dev-token";
    private const int MaxNameLength = 100;

    public sealed record Request(string? Role, string? Name, string? Crew);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")] private static partial Regex CrewId();
    public sealed record Response(string Token, DateTime ExpiresAt);

    public static IEndpointRouteBuilder MapDevTokens(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, Issue).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> Issue(HttpContext context, AuthOptions auth)
    {
        if (!auth.DevTokens.Enabled)
        {
            await ProblemResponses.WriteAsync(context, StatusCodes.Status404NotFound,
                "Development tokens are disabled (Auth:DevTokens:Enabled).");
            return Results.Empty;
        }

        var (body, problem) = await JsonBody.ReadAsync(context.Request, required: true, "role", "name", "crew");
        if (problem is not null) return problem;
        var role = body!.OneOf("role", Roles.All.ToArray(), required: true);
        var name = body.Text("name", required: true, MaxNameLength);
        var crew = body.Text("crew", required: role == Roles.Crew, 64);
        if (crew is not null && role is not null && role != Roles.Crew) body.Errors.Add("crew", "Only a crew token names a crew.");
        else if (crew is not null && !CrewId().IsMatch(crew)) body.Errors.Add("crew", "A crew id: lower-case letters, digits and dashes.");
        if (!body.Valid) return body.Problem("The token request is invalid.");

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
            Subject = new ClaimsIdentity(new[]
            {
                new Claim("sub", name!),
                new Claim("name", name!),
                new Claim(Roles.ClaimType, role!),
                new Claim("jti", Guid.NewGuid().ToString("N")),
            }.Concat(crew is null ? [] : [new Claim(Roles.CrewClaimType, crew)])),
            SigningCredentials = new SigningCredentials(auth.Key(), SecurityAlgorithms.HmacSha256),
        });
        return Results.Ok(new Response(token, expires.UtcDateTime));
    }
}
