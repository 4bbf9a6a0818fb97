using System.Net.Http.Json;
using System.Text.Json;

namespace PowerMicro.Console.Tests;

/// <summary>
/// A repeat complaint is flagged while it is taken; the supervisor's board shows its contact deadline coming
/// close and passing (the limit is 30 s in this system); the agent contacts and replies from the queue, and
/// the board lets it go.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class When_a_complaint_is_handled(ConsoleSystem console)
{
    [Fact]
    public async Task It_is_flagged_as_a_repeat_shown_on_the_board_contacted_and_replied()
    {
        var account = ConsoleSystem.NewAccount();
        await console.TakeOrderAsync(ConsoleSystem.Order("complaint", "billing", account));
        var supervisor = await console.SignInAsync("supervisor", "主管乙");

        var agent = await console.SignInAsync("agent", "客服小周");
        await agent.GetByLabel("业务类型").SelectOptionAsync("complaint");
        await agent.GetByLabel("子类").SelectOptionAsync("billing");
        await agent.GetByLabel("户号").FillAsync(account);
        await Expect(agent.GetByTestId("repeat-warning")).ToContainTextAsync("重复投诉");
        await agent.GetByLabel("客户姓名").FillAsync("周敏");
        await agent.GetByLabel("联系电话").FillAsync("13700001111");
        await agent.GetByLabel("客户等级").SelectOptionAsync("A");
        await agent.GetByLabel("诉求描述").FillAsync("电费再次多收");
        await console.ShotAsync(agent, "agent-repeat-complaint");
        await agent.GetByRole(AriaRole.Button, new() { Name = "提交工单" }).ClickAsync();
        var href = await agent.GetByRole(AriaRole.Link, new() { Name = "查看工单" }).GetAttributeAsync("href");
        var orderId = href!["#/orders/".Length..];

        // The board: at risk at once (30 s to contact), then breached when the deadline passes.
        var line = supervisor.GetByTestId("board").Locator("tbody tr").Filter(new() { Has = supervisor.Locator($"a[href='#/orders/{orderId}']") })
            .Filter(new() { HasText = "联系" });
        await Expect(line).ToContainTextAsync("临期");
        await Expect(line).ToContainTextAsync("已超时", new() { Timeout = 90_000 });
        await console.ShotAsync(supervisor, "supervisor-board");

        // The agent contacts the customer and replies, from the queue.
        await agent.GotoAsync(console.Console + "#/agent/complaints");
        var row = agent.GetByTestId("complaint-queue").Locator("tbody tr").Filter(new() { Has = agent.Locator($"a[href='#/orders/{orderId}']") });
        await Expect(row).ToContainTextAsync("督办");
        await console.ShotAsync(agent, "agent-complaints");
        await row.GetByRole(AriaRole.Button, new() { Name = "首次联系" }).ClickAsync();
        await Expect(row).ToContainTextAsync("处理中");
        await row.GetByPlaceholder("答复内容").FillAsync("已核实，多收电费将于下月退还。");
        await row.GetByRole(AriaRole.Button, new() { Name = "答复" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);

        await Expect(line).ToHaveCountAsync(0);
        using var api = await console.ApiAsync("agent");
        var complaint = await api.GetFromJsonAsync<JsonElement>($"/api/complaints/{orderId}");
        Assert.Equal("replied", complaint.GetProperty("status").GetString());
        Assert.True(complaint.GetProperty("repeat").GetBoolean() || complaint.GetProperty("matterCount").GetInt32() == 2);
        await Task.WhenAll(supervisor.Context.CloseAsync(), agent.Context.CloseAsync());
    }
}
