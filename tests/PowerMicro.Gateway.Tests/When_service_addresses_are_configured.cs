using Microsoft.Extensions.Configuration;
using PowerMicro.Gateway.Upstreams;

namespace PowerMicro.Gateway.Tests;

public sealed class When_service_addresses_are_configured
{
    private static IReadOnlyDictionary<string, IReadOnlyList<Uri>> Read(Dictionary<string, string?> values) =>
        ServiceAddresses.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Services"));

    [Fact]
    public void One_address_comma_separated_addresses_and_a_list_all_give_the_instances()
    {
        var services = Read(new()
        {
            ["Services:Intake"] = "http://127.0.0.1:5101",
            ["Services:Dispatch"] = "http://127.0.0.1:5102, http://127.0.0.1:5112",
            ["Services:Complaint:0"] = "http://127.0.0.1:5103",
            ["Services:Complaint:1"] = "http://127.0.0.1:5113",
        });

        Assert.Equal(["http://127.0.0.1:5101/"], services["intake"].Select(u => u.ToString()));
        Assert.Equal(["http://127.0.0.1:5102/", "http://127.0.0.1:5112/"], services["dispatch"].Select(u => u.ToString()));
        Assert.Equal(["http://127.0.0.1:5103/", "http://127.0.0.1:5113/"], services["complaint"].Select(u => u.ToString()));
    }

    [Fact]
    public void An_address_that_is_not_http_stops_the_gateway_from_starting_with_its_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(new() { ["Services:Intake"] = "http://127.0.0.1:5101,intake:5101" }));
        Assert.Contains("Services:Intake", error.Message);
    }
}
