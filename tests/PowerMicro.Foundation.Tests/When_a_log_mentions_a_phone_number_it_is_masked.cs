using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PowerMicro.ServiceDefaults.Logging;

namespace PowerMicro.Foundation.Tests;

public sealed class When_a_log_mentions_a_phone_number_it_is_masked
{
    private static string Format(string template, params object?[] args)
    {
        var formatter = new RedactingJsonConsoleFormatter();
        var state = new FormattedState(template, args);
        var writer = new StringWriter();
        formatter.Write(new LogEntry<FormattedState>(LogLevel.Information, "Test", default, state,
            new InvalidOperationException("caller 13912345678 hung up"), (s, _) => s.ToString()), null, writer);
        return writer.ToString();
    }

    [Theory]
    [InlineData("13800000000")]
    [InlineData("+86 13800000000")]
    [InlineData("8613800000000")]
    [InlineData("138-0000-0000")]
    [InlineData("025-84561234")]
    [InlineData("02584561234")]
    [InlineData("025 84561234")]
    [InlineData("(025)84561234")]
    [InlineData("0512-6512345")]
    [InlineData("+86 25 84561234")]
    [InlineData("138 0000 0000")]
    [InlineData("008613800000000")]
    [InlineData("8456-1234")]
    public void Phone_numbers_in_messages_properties_and_exceptions_are_masked(string phone)
    {
        var line = Format("Order taken from {Phone} for account {Account}", phone, "3201000001");

        Assert.DoesNotContain(phone, line);
        Assert.DoesNotContain("13912345678", line);
        using var json = JsonDocument.Parse(line);
        Assert.Contains(PhoneRedactor.Mask, json.RootElement.GetProperty("message").GetString());
        Assert.Equal(PhoneRedactor.Mask, json.RootElement.GetProperty("properties").GetProperty("Phone").GetString()!.Replace("+86 ", ""));
        Assert.Equal("3201000001", json.RootElement.GetProperty("properties").GetProperty("Account").GetString());
    }

    [Theory]
    [InlineData("order 7f3c2a10-0000-4000-8000-000000000000")]
    [InlineData("account 3201000001, priority 2")]
    [InlineData("took 12345678901234 ticks")]
    [InlineData("order abcde138-1234-5678-9abc-def012345678")]
    [InlineData("order 00000000-0000-0000-0000-013800000000")]
    [InlineData("order 13800000-0000-4000-8000-025845612340")]
    [InlineData("trace 13800000000138000000001380000 span 0258456123401380")]
    [InlineData("trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7")]
    [InlineData("at 2026-11-29T16:54:50.1380000+08:00 and 2026-11-29 08:00:00Z")]
    [InlineData("account 0258456123, account 1380000000")]
    [InlineData("elapsed 13800000000123 ms, port 5672, year 2026")]
    public void Ids_accounts_timestamps_and_long_numbers_are_left_alone(string text) =>
        Assert.Equal(text, PhoneRedactor.Redact(text));

    [Fact]
    public void A_phone_next_to_an_id_is_masked_and_the_id_kept()
    {
        const string text = "order 7f3c2a10-0000-4000-8000-000000000000 caller 13800000000 trace 4bf92f3577b34da6a3ce929d0e0e4736";
        Assert.Equal("order 7f3c2a10-0000-4000-8000-000000000000 caller [phone] trace 4bf92f3577b34da6a3ce929d0e0e4736",
            PhoneRedactor.Redact(text));
    }

    /// <summary>The shape Microsoft.Extensions.Logging gives structured state: named values plus the template.</summary>
    private sealed class FormattedState(string template, object?[] args) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _values = Names(template)
            .Select((name, i) => new KeyValuePair<string, object?>(name, args[i]))
            .Append(new("{OriginalFormat}", template)).ToList();

        private static IEnumerable<string> Names(string t) =>
            System.Text.RegularExpressions.Regex.Matches(t, @"\{(\w+)\}").Select(m => m.Groups[1].Value);

        public override string ToString()
        {
            var i = 0;
            return System.Text.RegularExpressions.Regex.Replace(template, @"\{\w+\}", _ => Convert.ToString(args[i++])!);
        }

        public KeyValuePair<string, object?> this[int index] => _values[index];
        public int Count => _values.Count;
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
