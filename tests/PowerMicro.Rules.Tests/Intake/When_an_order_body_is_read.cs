using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PowerMicro.Contracts.Catalog;
using PowerMicro.Intake.TakeOrder;
using PowerMicro.ServiceDefaults.Input;

namespace PowerMicro.Rules.Tests.Intake;

/// <summary>TakeOrderReader through the strict input layer, on an in-memory request (no server).</summary>
public sealed class When_an_order_body_is_read
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private static JsonObject Body(string kind = "repair", string subtype = "no-power") => new()
    {
        ["kind"] = kind, ["subtype"] = subtype, ["channel"] = "phone", ["area"] = "urban",
        ["customer"] = new JsonObject { ["accountNo"] = "1234567890", ["name"] = "王伟", ["phone"] = "13800000000", ["tier"] = "C" },
        ["address"] = "1 Grid Road", ["description"] = "No power since 7am.",
    };

    private static async Task<(TakeOrderRequest? Request, IReadOnlyDictionary<string, string[]> Errors)> Read(JsonObject body)
    {
        var http = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        http.Request.Method = "POST";
        http.Request.ContentType = "application/json";
        http.Request.ContentLength = bytes.Length;
        http.Request.Body = new MemoryStream(bytes);
        var (input, problem) = await JsonBody.ReadAsync(http.Request, required: true, TakeOrderReader.Fields);
        Assert.Null(problem);
        var request = TakeOrderReader.Read(input!, Now);
        return (request, input!.Errors.ToDictionary());
    }

    [Fact]
    public async Task A_complete_repair_is_read_whole()
    {
        var (request, errors) = await Read(Body());
        Assert.Empty(errors);
        Assert.Equal(new TakeOrderRequest("repair", "no-power", "phone", "urban",
            new CustomerRequest("1234567890", "王伟", "13800000000", "C", null), "1 Grid Road", "No power since 7am.", null, null), request);
    }

    [Fact]
    public async Task A_subtype_of_another_kind_is_refused_naming_the_kinds_subtypes()
    {
        var (request, errors) = await Read(Body("inquiry", "no-power"));
        Assert.Null(request);
        Assert.Equal($"Not a subtype of this kind; one of: {string.Join(", ", OrderCatalog.Kind("inquiry").SubtypeNames)}.",
            Assert.Single(errors["subtype"]));
    }

    [Fact]
    public async Task An_unknown_kind_is_refused_and_its_subtype_is_not_judged()
    {
        var (request, errors) = await Read(Body("meteor", "no-power"));
        Assert.Null(request);
        Assert.Contains("kind", errors.Keys);
        Assert.DoesNotContain("subtype", errors.Keys);
    }

    [Fact]
    public async Task A_repair_needs_an_address_and_other_kinds_do_not()
    {
        var repair = Body();
        repair.Remove("address");
        Assert.Equal(["address"], (await Read(repair)).Errors.Keys);

        var inquiry = Body("inquiry", "bill");
        inquiry.Remove("address");
        Assert.NotNull((await Read(inquiry)).Request);
    }

    [Fact]
    public async Task Only_a_business_application_takes_an_appointment_and_only_in_the_future()
    {
        var repair = Body();
        repair["appointmentAt"] = Now.AddDays(1).ToString("O");
        Assert.Equal(["Only business applications take an appointment."], (await Read(repair)).Errors["appointmentAt"]);

        var past = Body("business", "new-connection");
        past["appointmentAt"] = Now.AddMinutes(-1).ToString("O");
        Assert.Equal(["Must be in the future."], (await Read(past)).Errors["appointmentAt"]);

        var business = Body("business", "new-connection");
        business["appointmentAt"] = Now.AddDays(1).ToString("O");
        Assert.Equal(Now.AddDays(1), (await Read(business)).Request?.AppointmentAt);
    }

    [Fact]
    public async Task Every_mistake_is_reported_at_once_under_its_field()
    {
        var body = Body();
        body["channel"] = "fax";
        body["customer"]!["phone"] = "12345";
        body["customer"]!["tier"] = "Z";
        body["colour"] = "red";
        var (request, errors) = await Read(body);
        Assert.Null(request);
        Assert.Equal(["channel", "colour", "customer.phone", "customer.tier"], errors.Keys.Order());
    }
}
