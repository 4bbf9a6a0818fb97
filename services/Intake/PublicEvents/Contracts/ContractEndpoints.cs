namespace PowerMicro.Intake.PublicEvents.Contracts;

/// <summary>GET /asyncapi.json and GET /schemas/events/{event}.json (no token: they describe, they hold no data).</summary>
public static class ContractEndpoints
{
    private static readonly Lazy<string> AsyncApi = new(AsyncApiDocument.Text);

    public static IResult AsyncApiJson() => Results.Text(AsyncApi.Value, "application/json");

    public static IResult EventSchema(string file)
    {
        var name = file.EndsWith(".json", StringComparison.Ordinal) ? file[..^5] : file;
        if (EventSchemas.ByEventName(PublicEventNames.EventNameFromFilter(name) ?? name) is not { } type)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such event type.",
                detail: $"Known: {string.Join(", ", EventSchemas.EventTypes.Select(t => PublicEventNames.EventName(t.Name) + ".json"))}.");
        return Results.Text(EventSchemas.Envelope(type, EventSchemas.Data(type)).ToJsonString(EventSchemas.Indented), "application/schema+json");
    }
}
