using CsCheck;
using PowerMicro.Contracts;
using PowerMicro.Contracts.Catalog;
using PowerMicro.Intake.Orders;

namespace PowerMicro.Rules.Tests.Intake;

public sealed class When_an_order_is_prioritised
{
    [Theory]
    [InlineData("inquiry", "bill", "A", 3, 1)]
    [InlineData("business", "suspension", "C", 1, 1)]
    [InlineData("inquiry", "bill", "B", 3, 2)]
    [InlineData("business", "suspension", "D", 2, 2)]
    [InlineData("repair", "no-power", "C", 3, 2)]
    [InlineData("repair", "line-damage", "D", 3, 2)]
    [InlineData("repair", "meter-fault", "C", 3, 3)]
    [InlineData("complaint", "billing", "C", 3, 3)]
    [InlineData("report", "misconduct", "D", 3, 3)]
    [InlineData("inquiry", "bill", "C", 3, 4)]
    [InlineData("business", "new-connection", "D", 3, 4)]
    public void The_customer_then_the_safety_then_the_kind_decide(string kind, string subtype, string tier, int importance, int priority) =>
        Assert.Equal(priority, Priority.For(kind, subtype, tier, importance));

    private static readonly Gen<(string Kind, string Subtype)> KindAndSubtype =
        Gen.OneOf(OrderCatalog.Kinds.SelectMany(k => k.SubtypeNames.Select(s => (k.Name, s))).ToArray());

    [Fact]
    public void A_tier_A_or_level_1_customer_is_first_and_nobody_is_later_than_the_kind_alone() =>
        Gen.Select(KindAndSubtype, Gen.OneOf(OrderKinds.Tiers), Gen.Int[1, 3]).Sample((order, tier, importance) =>
        {
            var priority = Priority.For(order.Kind, order.Subtype, tier, importance);
            Assert.InRange(priority, 1, 4);
            Assert.True(priority <= OrderCatalog.PriorityOf(order.Kind, order.Subtype));
            Assert.Equal(tier == "A" || importance == 1, priority == 1);
        });
}
