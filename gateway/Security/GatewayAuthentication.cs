using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
using PowerMicro.Gateway.Problems;

namespace PowerMicro.Gateway.Security;

public static class GatewayAuthentication
{
    /// <summary>
    /// JWT bearer tokens (HS256 only, issuer, audience, lifetime checked; unsigned "alg: none" tokens
    /// refused) and the role policies the routes name. A failed or missing token is a 401 problem with
    /// WWW-Authenticate; a valid token with the wrong role a 403 problem.
    /// </summary>
    public static WebApplicationBuilder AddGatewayAuthentication(this WebApplicationBuilder builder)
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
                    var (error, detail) = Describe(context.AuthenticateFailure);
                    context.Response.Headers.WWWAuthenticate = error is null
                        ? "Bearer"
                        : $"Bearer error=\"{error}\", error_description=\"{detail}\"";
                    await GatewayProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, detail);
                },
                OnForbidden = context => GatewayProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden,
                    $"The role '{context.HttpContext.User.FindFirst(Roles.ClaimType)?.Value}' may not use {context.Request.Method} {context.Request.Path}."),
            };
        });

        builder.Services.AddAuthorization(o =>
        {
            // "Default" in a route's AuthorizationPolicy, and every /api/** path no route names: any known role.
            o.DefaultPolicy = new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser().RequireRole(Roles.All).Build();
            Add(o, Roles.Policies.Agent, Roles.Agent);
            Add(o, Roles.Policies.Crew, Roles.Crew);
            Add(o, Roles.Policies.Supervisor, Roles.Supervisor);
            Add(o, Roles.Policies.AgentOrSupervisor, Roles.Agent, Roles.Supervisor);
            Add(o, Roles.Policies.CrewOrSupervisor, Roles.Crew, Roles.Supervisor);
            Add(o, Roles.Policies.Integrator, Roles.Integrator);
            Add(o, Roles.Policies.IntegratorOrSupervisor, Roles.Integrator, Roles.Supervisor);
        });
        return builder;
    }

    private static void Add(AuthorizationOptions options, string name, params string[] roles) =>
        options.AddPolicy(name, p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser().RequireRole(roles));

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
