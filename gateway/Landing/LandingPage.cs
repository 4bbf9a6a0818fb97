using System.Net;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PowerMicro.Gateway.Landing;

/// <summary>
/// GET / : a self-contained HTML page (no external assets) listing the services behind the gateway,
/// whether each is ready (the gateway's own downstream health checks, run now), and links to each
/// service's OpenAPI document as the gateway serves it (/openapi/{service}.json). Anonymous.
/// </summary>
public static class LandingPage
{
    public static IEndpointRouteBuilder MapLandingPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", Render).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> Render(Downstream downstream, HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(r => downstream.Services.ContainsKey(r.Name), cancellationToken);
        var html = new StringBuilder();
        html.Append("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>PowerMicro gateway</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
              body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 52rem; color: #222; }
              table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; }
              .ready { color: #176317; font-weight: 600; } .not-ready { color: #a31515; font-weight: 600; }
              code { background: #f3f3f3; padding: 0 .25rem; }
            </style></head><body>
            <h1>PowerMicro gateway</h1>
            <p>The service centre's API. Every <code>/api/**</code> route needs <code>Authorization: Bearer &lt;token&gt;</code>;
            each response carries <code>X-Trace-Id</code> for finding the request in the traces.</p>
            <table><thead><tr><th>service</th><th>routes</th><th>status</th><th>API document</th></tr></thead><tbody>

            """);
        foreach (var name in downstream.Services.Keys.Order(StringComparer.Ordinal))
        {
            var ready = report.Entries.TryGetValue(name, out var entry) && entry.Status != HealthStatus.Unhealthy;
            var n = WebUtility.HtmlEncode(name);
            html.Append("<tr><td>").Append(n).Append("</td><td><code>").Append(WebUtility.HtmlEncode(PublicPrefix(name))).Append("</code></td>")
                .Append(ready ? "<td class=\"ready\">ready</td>" : "<td class=\"not-ready\">not ready</td>")
                .Append("<td><a href=\"/openapi/").Append(n).Append(".json\">/openapi/").Append(n).Append(".json</a></td></tr>\n");
        }
        html.Append("""
            </tbody></table>
            <p>Gateway health: <a href="/health/live">/health/live</a> · <a href="/health/ready">/health/ready</a></p>
            </body></html>
            """);
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string PublicPrefix(string service) => service switch
    {
        "intake" => "/api/orders",
        "dispatch" => "/api/dispatch",
        "complaint" => "/api/complaints",
        "callback" => "/api/callbacks",
        _ => "",
    };
}
