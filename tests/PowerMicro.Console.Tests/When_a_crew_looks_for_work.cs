using System.Net.Http.Json;
using System.Text.Json;
using PowerMicro.Testing;

namespace PowerMicro.Console.Tests;

/// <summary>
/// A crew's token carries its crew id (dev-token {"role":"crew","crew":"urban-1"}); the API gives a crew only
/// its own work orders, and the console shows what the API gives. (Red until the gateway puts the crew claim
/// into effect: before that, every crew's list holds every work order.)
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class When_a_crew_looks_for_work(ConsoleSystem console)
{
    [Fact]
    public async Task It_does_not_see_another_crews_work_order()
    {
        var taken = await console.TakeOrderAsync(ConsoleSystem.Order("repair", "line-damage", ConsoleSystem.NewAccount()));
        var orderId = taken.GetProperty("orderId").GetString()!;
        using var api = await console.ApiAsync("supervisor");
        var assigned = await Eventually.Get(async () =>
        {
            using var response = await api.GetAsync($"/api/dispatch/work-orders/{orderId}");
            if (!response.IsSuccessStatusCode) return null; // not opened yet
            var w = await response.Content.ReadFromJsonAsync<JsonElement>();
            return w.GetProperty("crew").GetString();
        }, "the repair to be dispatched");
        var other = assigned == "urban-1" ? "urban-2" : "urban-1";

        var page = await console.SignInAsync("crew", "别组班长", other, ConsoleSystem.Phone);
        // The list has arrived (it holds this crew's own work, or says there is none) ...
        await Expect(page.Locator("section.crew .cards, section.crew p:text('暂无')").First).ToBeVisibleAsync();
        // ... and the other crew's order is not in it.
        await Expect(page.Locator($"li[data-order='{orderId}']")).ToHaveCountAsync(0);
        await console.ShotAsync(page, "crew-other-crew");
        await page.Context.CloseAsync();
    }
}
