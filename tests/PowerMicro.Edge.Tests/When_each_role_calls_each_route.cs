using System.Net.Http.Headers;
using System.Text;
using PowerMicro.ServiceDefaults.Security;
using PowerMicro.Testing;
using Xunit.Abstractions;

namespace PowerMicro.Edge.Tests;

/// <summary>
/// The role matrix as observed through the gateway (route × role → status) next to the documented table (README,
/// RouteRoles.Table): a role the table refuses is 403 and no token is 401 on every route; an allowed role gets past
/// authorization (any other answer: 200, 201, 202, 400, 404, 409). Bodies are empty objects, so no write succeeds.
/// </summary>
public sealed class When_each_role_calls_each_route(EdgeSystem system, ITestOutputHelper output) : IClassFixture<EdgeSystem>
{
    private static readonly string?[] Callers = [null, Roles.Agent, Roles.Crew, Roles.Supervisor, Roles.Integrator];

    [Fact]
    public async Task Refused_roles_get_403_no_token_gets_401_and_allowed_roles_pass()
    {
        var table = new StringBuilder();
        table.AppendLine($"{"route",-58} {"documented",-34} none agent crew supervisor integrator");
        foreach (var rule in RouteRoles.Table.Where(r => !r.Anonymous))
        {
            var path = rule.Template.Replace("{orderId}", (rule.Template.Contains("complaints") ? system.Complaint
                    : rule.Template.Contains("answer") ? system.Inquiry : system.Repair).ToString())
                .Replace("{callbackId}", system.CallbackId.ToString());
            var observed = new List<int>();
            foreach (var role in Callers)
            {
                using var request = new HttpRequestMessage(new HttpMethod(rule.Method), path);
                if (role is not null)
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                        TestTokens.For(role, "matrix-" + role, role == Roles.Crew ? "urban-1" : null));
                if (rule.Method == "POST") request.Content = new StringContent("{\"unknownField\":1}", Encoding.UTF8, "application/json");
                using var response = await system.Client.SendAsync(request);
                var status = (int)response.StatusCode;
                observed.Add(status);
                Assert.Equal("application/problem+json", status >= 400 ? response.Content.Headers.ContentType?.MediaType : "application/problem+json");
                if (role is null) Assert.Equal(401, status);
                else if (!rule.Roles.Contains(role)) Assert.True(status == 403, $"{role} {rule.Method} {rule.Template}: {status}");
                else Assert.True(status is not (401 or 403 or 405) and < 500, $"{role} {rule.Method} {rule.Template}: {status}");
            }
            table.AppendLine($"{rule.Method + " " + rule.Template,-58} {string.Join(",", rule.Roles),-34} "
                             + string.Join(" ", observed.Select((s, i) => s.ToString().PadLeft(i == 0 ? 4 : Callers[i]!.Length))));
        }
        table.AppendLine("(crew calls carry crew urban-1, the crew the seeded repair is assigned to; POST bodies carry an unknown field, so no write succeeds)");
        output.WriteLine(table.ToString());
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "role-matrix.txt"), table.ToString());
    }
}
