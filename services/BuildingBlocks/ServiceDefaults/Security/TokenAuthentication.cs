using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using PowerMicro.ServiceDefaults.Problems;

namespace PowerMicro.ServiceDefaults.Security;

public static class TokenAuthentication
{
    /// <summary>
    /// JWT bearer tokens (HS256 only; issuer, audience, signature and lifetime checked; "alg: none" refused), the
    /// same in the gateway and every service (configuration section Auth). A failed or missing token is a 401
    /// problem with WWW-Authenticate. Loopback callers get no exception: every /api call needs a valid token.
    /// </summary>
    public static IHostApplicationBuilder AddTokenAuthentication(this IHostApplicationBuilder builder)
    {
        var auth = AuthOptions.From(builder.Configuration);
        builder.Services.AddSingleton(auth);

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.IncludeErrorDetails = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth.Issuer,
                ValidAudience = auth.Audience,
                IssuerSigningKey = auth.Key(),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
                RoleClaimType = Roles.ClaimType,
            };
            o.Events = new JwtBearerEvents
            {
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    await Challenge(context.HttpContext, context.AuthenticateFailure);
                },
            };
        });
        builder.Services.AddAuthorization();
        return builder;
    }

    internal static Task Challenge(HttpContext context, Exception? failure)
    {
        var (error, detail) = Describe(failure);
        context.Response.Headers.WWWAuthenticate = error is null
            ? "Bearer"
            : $"Bearer error=\"{error}\", error_description=\"{detail}\"";
        return ProblemResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, detail);
    }

    /// <summary>Fixed, ASCII-only descriptions: token contents never reach a response header.</summary>
    private static (string? Error, string Detail) Describe(Exception? failure) => failure switch
    {
        null => (null, "A bearer token is required (Authorization: Bearer <token>)."),
        SecurityTokenExpiredException => ("invalid_token", "The token has expired."),
        SecurityTokenNotYetValidException => ("invalid_token", "The token is not valid yet."),
        SecurityTokenInvalidAudienceException => ("invalid_token", "The token is for another audience."),
        SecurityTokenInvalidIssuerException => ("invalid_token", "The token is from another issuer."),
        SecurityTokenInvalidAlgorithmException => ("invalid_token", "The token's signing algorithm is not accepted."),
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException
            => ("invalid_token", "The token's signature is invalid."),
        _ => ("invalid_token", "The token is invalid."),
    };
}
