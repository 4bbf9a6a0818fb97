using System.Net;
using System.Text.Json;
using PowerMicro.Intake.PublicEvents.Contracts;
using PowerMicro.Testing;
using PowerMicro.Testing.Processes;

namespace PowerMicro.Intake.Tests;

/// <summary>
/// The AsyncAPI document and the JSON Schemas are generated from the contract records; contracts/asyncapi.json is
/// the published copy. Changing a contract record without approving the new document fails here: review
/// asyncapi.received.json (written next to the test output) and copy it over contracts/asyncapi.json.
/// </summary>
public sealed class When_the_event_contract_is_read : IClassFixture<IntakeFixture>
{
    private readonly IntakeFixture _intake;

    public When_the_event_contract_is_read(IntakeFixture intake) => _intake = intake;

    [Fact]
    public void The_generated_asyncapi_matches_the_published_copy()
    {
        var published = Path.Combine(RepositoryRoot.Path, "contracts", "asyncapi.json");
        var generated = AsyncApiDocument.Text();
        var approved = File.Exists(published) ? File.ReadAllText(published).ReplaceLineEndings("\n") : "";
        if (generated != approved) File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "asyncapi.received.json"), generated);
        Assert.True(generated == approved,
            $"contracts/asyncapi.json drifted from the contract records; review {AppContext.BaseDirectory}asyncapi.received.json and copy it over.");
    }

    [Fact]
    public async Task The_service_serves_asyncapi_3_with_every_event_type_and_their_values()
    {
        using var response = await _intake.Host.Client.GetAsync("/asyncapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Json();
        Assert.Equal("3.0.0", document.GetProperty("asyncapi").GetString());
        var messages = document.GetProperty("components").GetProperty("messages");
        foreach (var name in new[] { "OrderReceived", "OrderDispatched", "OrderCompleted", "SlaBreached", "ComplaintOpened", "ComplaintContacted",
                     "ReporterRewardDue", "ComplaintEscalated", "CallbackScheduled", "OrderClosed" })
            Assert.True(messages.TryGetProperty(name, out _), $"{name} missing from the AsyncAPI document");
        var exchange = document.GetProperty("channels").GetProperty("orderEvents").GetProperty("bindings").GetProperty("amqp").GetProperty("exchange");
        Assert.Equal("powermicro.events", exchange.GetProperty("name").GetString());
        Assert.Equal("topic", exchange.GetProperty("type").GetString());

        var completed = document.GetProperty("components").GetProperty("schemas").GetProperty("OrderCompleted").GetProperty("properties");
        var results = completed.GetProperty("result").GetProperty("enum").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.Contains("answered", results);
        Assert.Contains("forwarded", results);
        Assert.Equal("integer", completed.GetProperty("round").GetProperty("type").GetString());
        Assert.False(completed.TryGetProperty("sequence", out _));
    }

    [Fact]
    public async Task Each_event_type_has_a_standalone_json_schema_and_unknown_ones_are_not_found()
    {
        using var response = await _intake.Host.Client.GetAsync("/schemas/events/sla-breached.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var schema = await response.Json();
        Assert.Equal("cn.powermicro.sla-breached.v1", schema.GetProperty("properties").GetProperty("type").GetProperty("const").GetString());
        var deadline = schema.GetProperty("properties").GetProperty("data").GetProperty("properties").GetProperty("deadline");
        Assert.Contains("arrival", deadline.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("date-time", schema.GetProperty("properties").GetProperty("data").GetProperty("properties").GetProperty("dueAt").GetProperty("format").GetString());

        using var unknown = await _intake.Host.Client.GetAsync("/schemas/events/order-exploded.json");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
