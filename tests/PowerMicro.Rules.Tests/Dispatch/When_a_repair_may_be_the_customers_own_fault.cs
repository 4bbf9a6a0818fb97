using PowerMicro.Dispatch.Guidance;

namespace PowerMicro.Rules.Tests.Dispatch;

/// <summary>The customer-side rule: guide first only a subtype the catalog marks, and only on a description that points indoors.</summary>
public sealed class When_a_repair_may_be_the_customers_own_fault
{
    [Theory]
    [InlineData("meter-fault", "The breaker tripped again", true)]
    [InlineData("other", "家里跳闸了", true)]
    [InlineData("other", "A SOCKET sparks", true)]
    [InlineData("meter-fault", "The meter display is blank", false)]
    [InlineData("no-power", "The breaker tripped", false)]
    [InlineData("line-damage", "indoor wiring burnt", false)]
    [InlineData("partial-outage", "fuse", false)]
    [InlineData("voltage-problem", "socket", false)]
    [InlineData("other", "", false)]
    [InlineData("other", null, false)]
    public void Only_a_guided_subtype_with_an_indoor_description_is_guided(string subtype, string? description, bool guided) =>
        Assert.Equal(guided, CustomerSideRule.IsCustomerSide(subtype, description));
}
