using System.Net.Http.Json;
using System.Text.Json;

namespace PowerMicro.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class When_an_inquiry_is_answered(ConsoleSystem console)
{
    [Fact]
    public async Task The_agent_answers_it_during_the_call_and_it_is_answered()
    {
        var agent = await console.SignInAsync("agent", "客服小王");
        await agent.GetByLabel("业务类型").SelectOptionAsync("inquiry");
        await agent.GetByLabel("子类").SelectOptionAsync("bill");
        await agent.GetByLabel("户号").FillAsync(ConsoleSystem.NewAccount());
        await agent.GetByLabel("客户姓名").FillAsync("李明");
        await agent.GetByLabel("联系电话").FillAsync("025-83334567");
        await agent.GetByLabel("诉求描述").FillAsync("上月电费为何偏高？");
        await agent.GetByRole(AriaRole.Button, new() { Name = "提交工单" }).ClickAsync();

        var answer = agent.GetByLabel("答复", new() { Exact = true });
        await Expect(answer).ToBeVisibleAsync();
        var href = await agent.GetByRole(AriaRole.Link, new() { Name = "查看工单" }).GetAttributeAsync("href");
        var orderId = href!["#/orders/".Length..];
        await answer.FillAsync("上月为冬季阶梯电价，已向客户解释。");
        await console.ShotAsync(agent, "agent-inquiry-answer");
        await agent.GetByRole(AriaRole.Button, new() { Name = "答复并办结" }).ClickAsync();
        await Expect(agent.GetByRole(AriaRole.Status).Filter(new() { HasText = "已答复" })).ToBeVisibleAsync();

        using var api = await console.ApiAsync("agent");
        var order = await api.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");
        Assert.Equal("上月为冬季阶梯电价，已向客户解释。", order.GetProperty("answer").GetString());
        Assert.Contains(order.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "OrderAnswered");
        await agent.Context.CloseAsync();
    }
}
