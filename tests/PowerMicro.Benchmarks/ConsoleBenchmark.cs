using System.Text.Json;
using Microsoft.Playwright;

namespace PowerMicro.Benchmarks;

/// <summary>
/// The console's page weight and time to first render in Debian's Chromium, against a running system
/// (deploy/run.sh --detach): N cold loads (a fresh browser context each: empty cache) and N warm reloads of
/// /console/, reporting bytes on the wire (compressed, as served) and decoded, first contentful paint, and
/// the time until the sign-in form is on screen. Bounded: 2·N page loads, then it stops.
/// </summary>
public static class ConsoleBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var gateway = new Uri(Arg(args, "--gateway") ?? "http://127.0.0.1:8080");
        var runs = int.Parse(Arg(args, "-n") ?? "10");
        if (runs is < 1 or > 100) { Console.Error.WriteLine("usage: deploy/bench.sh console [--gateway http://127.0.0.1:8080] [-n 10] (1-100)"); return 2; }
        var url = new Uri(gateway, "console/").ToString();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });

        var cold = new List<Load>();
        var warm = new List<Load>();
        for (var i = 0; i < runs; i++)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1366, Height = 768 } });
            var page = await context.NewPageAsync();
            cold.Add(await LoadAsync(page, () => page.GotoAsync(url)));
            warm.Add(await LoadAsync(page, () => page.ReloadAsync()));
        }

        Console.WriteLine($"console at {url}: {runs} cold loads (empty cache) and {runs} warm reloads, Chromium headless, " +
                          $"{Environment.ProcessorCount} cores shared with the system");
        Report("cold", cold);
        Report("warm", warm);
        return 0;
    }

    private sealed record Load(long Transferred, long Decoded, int Requests, double FirstContentfulPaint, double SignInVisible);

    private static async Task<Load> LoadAsync(IPage page, Func<Task<IResponse?>> navigate)
    {
        await navigate();
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).WaitForAsync();
        var visible = await page.EvaluateAsync<double>("performance.now()");
        await page.WaitForFunctionAsync("performance.getEntriesByName('first-contentful-paint').length > 0");
        var json = await page.EvaluateAsync<JsonElement>("""
            (() => {
              const nav = performance.getEntriesByType('navigation')[0];
              const resources = performance.getEntriesByType('resource');
              const all = [nav, ...resources];
              return {
                transferred: all.reduce((s, e) => s + (e.transferSize || 0), 0),
                decoded: all.reduce((s, e) => s + (e.decodedBodySize || 0), 0),
                requests: all.length,
                fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
              };
            })()
            """);
        return new Load(json.GetProperty("transferred").GetInt64(), json.GetProperty("decoded").GetInt64(),
            json.GetProperty("requests").GetInt32(), json.GetProperty("fcp").GetDouble(), visible);
    }

    private static void Report(string name, List<Load> loads)
    {
        double P(IEnumerable<double> values, double p)
        {
            var sorted = values.Order().ToArray();
            return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        }
        var last = loads[^1];
        Console.WriteLine($"{name,-5} weight {last.Transferred / 1024.0,7:F1} KiB on the wire, {last.Decoded / 1024.0,7:F1} KiB decoded, " +
                          $"{last.Requests} requests | first contentful paint p50 {P(loads.Select(l => l.FirstContentfulPaint), .5),6:F0} ms, " +
                          $"max {loads.Max(l => l.FirstContentfulPaint),6:F0} ms | sign-in form on screen p50 {P(loads.Select(l => l.SignInVisible), .5),6:F0} ms, " +
                          $"max {loads.Max(l => l.SignInVisible),6:F0} ms");
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
