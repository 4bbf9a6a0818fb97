using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;
using PowerMicro.ServiceDefaults.Clock;

namespace PowerMicro.Gateway.Console;

/// <summary>
/// The service-centre console: the single-page app built from console/ (committed under gateway/Console/dist,
/// copied to the output folder as console/) served at /console with no outside asset. index.html is never
/// cached; the fingerprinted files under /console/assets/ are immutable. Anonymous, like the landing page:
/// the page holds no data, every call it makes needs the user's token.
/// </summary>
public static class ConsoleAssets
{
    public const string Path = "/console";
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static string Folder => System.IO.Path.Combine(AppContext.BaseDirectory, "console");

    /// <summary>Brotli or gzip for the console's own files only: API answers carry tokens' data and stay uncompressed.</summary>
    public static IServiceCollection AddConsoleAssets(this IServiceCollection services) =>
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json"];
        }).Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal)
          .Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);

    public static WebApplication UseConsoleAssets(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), console => console.UseResponseCompression());
        if (!File.Exists(System.IO.Path.Combine(Folder, "index.html")))
        {
            app.Logger.LogWarning("The console is not in {Folder}; /console answers 404 (build it: see console/README.md)", Folder);
            return app;
        }
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Folder),
            RequestPath = Path,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/console/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        return app;
    }

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<ConsoleOptions>();
        // One route answers /console and /console/ (routing ignores the trailing slash); relative asset paths need the slash.
        endpoints.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head], Index).AllowAnonymous().ExcludeFromDescription();
        // The process clock too, so countdowns agree with the services also on an accelerated demo clock (Clock__Speed).
        endpoints.MapGet(Path + "/config.json", (TimeProvider clock) => Results.Json(new
            {
                jaegerUrl = options.JaegerUrl.TrimEnd('/'),
                now = clock.GetUtcNow(),
                clockSpeed = clock is AcceleratedTimeProvider accelerated ? accelerated.Speed : 1.0,
            }))
            .AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task Index(HttpContext context)
    {
        if (!context.Request.Path.Value!.EndsWith('/'))
        {
            context.Response.Redirect(Path + "/" + context.Request.QueryString);
            return;
        }
        var index = System.IO.Path.Combine(Folder, "index.html");
        if (!File.Exists(index))
        {
            await PowerMicro.ServiceDefaults.Problems.ProblemResponses.WriteAsync(context, StatusCodes.Status404NotFound, "The console is not built into this gateway.");
            return;
        }
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.SendFileAsync(index, context.RequestAborted);
    }
}
