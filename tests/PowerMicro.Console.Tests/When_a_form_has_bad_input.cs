using System.Net.Http.Json;
using System.Text.Json;

namespace PowerMicro.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class When_a_form_has_bad_input(ConsoleSystem console)
{
    [Fact]
    public async Task The_fields_show_the_APIs_errors_as_typed_and_nothing_is_created()
    {
        var agent = await console.SignInAsync("agent", "客服小赵");
        var account = ConsoleSystem.NewAccount();
        await agent.GetByLabel("户号").FillAsync(account);
        await agent.GetByLabel("客户姓名").FillAsync("赵强");
        await agent.GetByLabel("联系电话").FillAsync("12345");

        // As typed: the API's own rule for the phone, beside the field, before any submit.
        var phone = agent.GetByLabel("联系电话");
        await Expect(phone).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(agent.Locator("[data-field-error='order-phone']")).ToContainTextAsync("mobile number");

        // A submit marks every field the API refuses (a repair needs an address and a description).
        await agent.GetByRole(AriaRole.Button, new() { Name = "提交工单" }).ClickAsync();
        await Expect(agent.Locator("[data-field-error='order-address']")).ToContainTextAsync("Required");
        await Expect(agent.Locator("[data-field-error='order-description']")).ToContainTextAsync("Must not be empty");
        await Expect(agent.Locator(".form-error")).ToContainTextAsync("请先修正标出的字段");
        await console.ShotAsync(agent, "agent-form-errors");

        // Fixing the phone clears its error as soon as the API agrees.
        await phone.FillAsync("13912345678");
        await Expect(phone).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(agent.Locator("[data-field-error='order-address']")).ToContainTextAsync("Required");

        using var api = await console.ApiAsync("agent");
        var found = await api.GetFromJsonAsync<JsonElement>($"/api/orders?accountNo={account}");
        Assert.Equal(0, found.GetProperty("total").GetInt32());
        await agent.Context.CloseAsync();
    }
}
