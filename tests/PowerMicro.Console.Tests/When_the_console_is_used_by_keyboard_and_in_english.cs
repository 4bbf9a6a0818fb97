using Deque.AxeCore.Playwright;

namespace PowerMicro.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class When_the_console_is_used_by_keyboard_and_in_english(ConsoleSystem console)
{
    [Fact]
    public async Task Chinese_is_the_default_and_english_is_one_click_away()
    {
        var context = await console.Browser.NewContextAsync(new() { ViewportSize = ConsoleSystem.Desk });
        var page = await context.NewPageAsync();
        await page.GotoAsync(console.Console.ToString());
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
        await console.ShotAsync(page, "sign-in");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

        // Signed in with the keyboard alone: tab to each field in order, Enter submits.
        await page.GetByLabel("Role").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown"); // agent → crew
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Lin");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Crew")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My work orders" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Crew · Lin · urban-1")).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    public static TheoryData<string, string> Screens() => new()
    {
        { "agent", "#/agent" }, { "agent", "#/agent/callbacks" }, { "agent", "#/agent/complaints" },
        { "crew", "#/crew" }, { "supervisor", "#/supervisor" },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Each_screen_has_no_serious_accessibility_violation(string role, string screen)
    {
        var page = await console.SignInAsync(role, "a11y", role == "crew" ? "urban-1" : null);
        await page.GotoAsync(console.Console + screen);
        await Expect(page.Locator("main h2").First).ToBeVisibleAsync();
        await Expect(page.GetByText("加载中…")).ToHaveCountAsync(0);
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))})").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
        await page.Context.CloseAsync();
    }
}
