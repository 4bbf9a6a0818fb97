using CsCheck;
using PowerMicro.Callback.Rules;

namespace PowerMicro.Rules.Tests.Callback;

/// <summary>The callback rule (CallbackRule) and the exact 20% sample (SamplingBlock.Count).</summary>
public sealed class When_a_completion_is_called_back
{
    [Theory]
    [InlineData("repair", "meter-fault", false, CallbackNeed.Required)]
    [InlineData("complaint", "billing", false, CallbackNeed.Required)]
    [InlineData("report", "electricity-theft", false, CallbackNeed.Required)]
    [InlineData("business", "new-connection", true, CallbackNeed.Required)]
    [InlineData("business", "new-connection", false, CallbackNeed.None)]
    [InlineData("inquiry", "outage-info", false, CallbackNeed.Sampled)]
    [InlineData("inquiry", "policy", false, CallbackNeed.Sampled)]
    [InlineData("inquiry", "bill", false, CallbackNeed.Sampled)]
    [InlineData("inquiry", "meter-reading", false, CallbackNeed.None)]
    [InlineData("inquiry", "other", false, CallbackNeed.None)]
    public void Every_repair_appointment_complaint_and_report_is_called_back_and_three_inquiries_are_sampled(
        string kind, string subtype, bool appointment, CallbackNeed need)
    {
        Assert.Equal(need, CallbackRule.For(kind, subtype, appointment));
        Assert.Equal(need == CallbackNeed.Sampled, CallbackRule.IsSampled(kind, subtype));
    }

    /// <summary>Counts completions with the block picks the generator drew (a pick per block of five).</summary>
    private static bool[] Sample(int[] picks, int completions)
    {
        var block = new SamplingBlock { Id = "bill" };
        var next = 0;
        return Enumerable.Range(0, completions).Select(_ => block.Count(n =>
        {
            Assert.Equal(SamplingBlock.BlockSize, n);
            return picks[next++];
        })).ToArray();
    }

    [Fact]
    public void Exactly_one_in_each_block_of_five_is_picked() =>
        Gen.Int[0, SamplingBlock.BlockSize - 1].Array[40].Sample(picks =>
        {
            var sampled = Sample(picks, 200);
            for (var b = 0; b < 40; b++)
                Assert.Equal(1, sampled.Skip(b * SamplingBlock.BlockSize).Take(SamplingBlock.BlockSize).Count(s => s));
        });

    [Fact]
    public void Any_100_consecutive_completions_hold_19_to_21_picks() =>
        Gen.Select(Gen.Int[0, SamplingBlock.BlockSize - 1].Array[60], Gen.Int[0, 199]).Sample((picks, start) =>
        {
            var picked = Sample(picks, 300).Skip(start).Take(100).Count(s => s);
            Assert.InRange(picked, 19, 21);
        });

    [Fact]
    public void The_pick_is_the_drawn_position_of_the_block() =>
        Assert.Equal([false, false, true, false, false, true, false, false, false, false],
            Sample([2, 0], 10));
}
