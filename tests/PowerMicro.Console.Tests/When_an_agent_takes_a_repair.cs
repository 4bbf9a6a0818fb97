using System.Net.Http.Json;
using System.Text.Json;
using PowerMicro.Testing;

namespace PowerMicro.Console.Tests;

/// <summary>
/// The repair's whole way through the console: an agent takes it in the form and sees it dispatched; the
/// assigned crew arrives and completes it on a phone-sized screen; the agent records the callback; the
/// supervisor's figures move; the order page shows the whole timeline.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class When_an_agent_takes_a_repair(ConsoleSystem console)
{
    [Fact]
    public async Task It_is_dispatched_arrived_at_completed_called_back_and_counted()
    {
        var supervisor = await console.SignInAsync("supervisor", "主管甲");
        var urban = supervisor.GetByTestId("sla-table").Locator("tbody tr").Filter(new() { HasText = "城区" });
        await Expect(urban).ToBeVisibleAsync();
        var arrivalDueBefore = int.Parse(await urban.Locator("td").Nth(1).InnerTextAsync());
        var chart = supervisor.GetByTestId("chart-sla");
        var chartBefore = await chart.GetAttributeAsync("aria-label");

        // The agent takes the call.
        var agent = await console.SignInAsync("agent", "客服小李");
        var account = ConsoleSystem.NewAccount();
        await agent.GetByLabel("业务类型").SelectOptionAsync("repair");
        await agent.GetByLabel("子类").SelectOptionAsync("no-power");
        await agent.GetByLabel("区域").SelectOptionAsync("urban");
        await agent.GetByLabel("户号").FillAsync(account);
        await agent.GetByLabel("客户姓名").FillAsync("王丽");
        await agent.GetByLabel("联系电话").FillAsync("13800000000");
        await agent.GetByLabel("客户等级").SelectOptionAsync("B");
        await agent.GetByLabel("地址").FillAsync("盱眙县淮河路12号");
        await agent.GetByLabel("诉求描述").FillAsync("家里从早上九点停电");
        await console.ShotAsync(agent, "agent-intake");
        await agent.GetByRole(AriaRole.Button, new() { Name = "提交工单" }).ClickAsync();

        await Expect(agent.GetByTestId("taken-status")).ToHaveTextAsync("已派工");
        var href = await agent.GetByRole(AriaRole.Link, new() { Name = "查看工单" }).GetAttributeAsync("href");
        var orderId = href!["#/orders/".Length..];
        await console.ShotAsync(agent, "agent-order-taken");

        using var api = await console.ApiAsync("supervisor");
        var order = await api.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");
        var crew = order.GetProperty("timeline").EnumerateArray().Last(e => e.GetProperty("type").GetString() == "OrderDispatched")
            .GetProperty("detail").GetString()!;

        // The crew, on a phone.
        var phone = await console.SignInAsync("crew", "抢修员老张", crew, ConsoleSystem.Phone);
        var card = phone.Locator($"li[data-order='{orderId}']");
        await Expect(card).ToContainTextAsync("到达时限");
        await console.ShotAsync(phone, "crew-phone");
        await card.GetByRole(AriaRole.Button, new() { Name = "到达现场" }).ClickAsync();
        await Expect(card).ToContainTextAsync("复电时限");
        await card.GetByLabel("处理结果").SelectOptionAsync("restored");
        await card.GetByLabel("备注").FillAsync("更换熔断器");
        await console.ShotAsync(phone, "crew-phone-on-site");
        await card.GetByRole(AriaRole.Button, new() { Name = "完工" }).ClickAsync();
        await Expect(card).ToHaveCountAsync(0);

        // The agent calls the customer back.
        await agent.GotoAsync(console.Console + "#/agent/callbacks");
        var task = agent.GetByTestId("callback-queue").Locator("tbody tr").Filter(new() { Has = agent.Locator($"a[href='#/orders/{orderId}']") });
        await Expect(task).ToBeVisibleAsync();
        await console.ShotAsync(agent, "agent-callbacks");
        await task.GetByRole(AriaRole.Button, new() { Name = "满意", Exact = true }).ClickAsync();
        await Expect(task).ToHaveCountAsync(0);

        // The supervisor's figures moved without a reload.
        await Expect(urban.Locator("td").Nth(1)).ToHaveTextAsync((arrivalDueBefore + 1).ToString());
        await Expect(chart).Not.ToHaveAttributeAsync("aria-label", chartBefore!);
        var repairs = supervisor.GetByTestId("compliance-table").Locator("tbody tr").Filter(new() { HasText = "故障报修 / 无电" });
        await Expect(repairs).ToBeVisibleAsync();
        await console.ShotAsync(supervisor, "supervisor");

        // The order page tells the whole story.
        await agent.GotoAsync(console.Console + $"#/orders/{orderId}");
        var timeline = agent.GetByTestId("timeline");
        foreach (var step in new[] { "OrderReceived", "OrderDispatched", "CrewArrived", "OrderCompleted", "CallbackScheduled", "OrderClosed" })
            await Expect(timeline).ToContainTextAsync(step);
        await Expect(agent.GetByTestId("order-status")).ToContainTextAsync("已归档");
        var trace = await agent.GetByTestId("trace-link").GetAttributeAsync("href");
        Assert.Equal($"http://127.0.0.1:16686/trace/{order.GetProperty("traceId").GetString()}", trace);
        await console.ShotAsync(agent, "order-page");

        await Task.WhenAll(supervisor.Context.CloseAsync(), agent.Context.CloseAsync(), phone.Context.CloseAsync());
    }
}
