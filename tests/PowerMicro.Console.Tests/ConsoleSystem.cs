using System.Net.Http.Json;
using System.Text.Json;
using PowerMicro.Testing.Processes;

namespace PowerMicro.Console.Tests;

/// <summary>
/// One running system (gateway and four services as processes, own database and virtual host) and one
/// headless Debian Chromium for the console tests. The complaint contact limit is 30 s here, so a
/// supervisor's board sees a deadline come close and pass while a test waits for it.
/// </summary>
public sealed class ConsoleSystem : IAsyncLifetime
{
    public static readonly TimeSpan ContactLimit = TimeSpan.FromSeconds(30);
    public const string Chromium = "/usr/bin/chromium";
    public static readonly ViewportSize Desk = new() { Width = 1366, Height = 768 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public RunningSystem System { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string Screenshots { get; } = Path.Combine(RepositoryRoot.Path, ".data", "test-results", "console");
    public Uri Console => new(System.Gateway.Address, "console/");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"{Chromium} is missing: apt-get install -y chromium (deploy/test.sh does).");
        Directory.CreateDirectory(Screenshots);
        System = await RunningSystem.StartAsync(settings: new Dictionary<string, string>
        {
            ["Complaints__Deadlines__Contact"] = ContactLimit.ToString("c"),
        });
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
        SetDefaultExpectTimeout(20_000);
    }

    /// <summary>A fresh browser context (its own session storage) at the given size, signed in through the sign-in screen.</summary>
    public async Task<IPage> SignInAsync(string role, string name, string? crew = null, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? Desk, Locale = "zh-CN", TimezoneId = "UTC", AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Console.ToString());
        await page.GetByLabel("角色").SelectOptionAsync(role);
        await page.GetByLabel("姓名").FillAsync(name);
        if (crew is not null) await page.GetByLabel("班组").FillAsync(crew);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "退出" })).ToBeVisibleAsync();
        return page;
    }

    public Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>The API as a role sees it (for setting up and checking what the console did).</summary>
    public Task<HttpClient> ApiAsync(string role, string? crew = null) => System.ClientAsAsync(role, "test-" + role, crew);

    public async Task<JsonElement> TakeOrderAsync(object order)
    {
        using var agent = await ApiAsync("agent");
        using var response = await agent.PostAsJsonAsync("/api/orders", order);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static string NewAccount() => "3" + Random.Shared.NextInt64(100_000_000, 999_999_999).ToString();

    public static object Order(string kind, string subtype, string account, string area = "urban", string tier = "C") => new
    {
        kind, subtype, channel = "phone", area,
        customer = new { accountNo = account, name = "王丽", phone = "13800000000", tier, importance = 3 },
        address = "淮河路12号", description = "测试工单",
    };

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        if (System is not null) await System.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleSystem>
{
    public const string Name = "console";
}
