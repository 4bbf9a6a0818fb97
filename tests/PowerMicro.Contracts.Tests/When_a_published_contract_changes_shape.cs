using System.Reflection;
using System.Text;
using MassTransit;
using PowerMicro.Contracts;

namespace PowerMicro.Contracts.Tests;

/// <summary>
/// Integrators are written against these messages. The approved snapshot (PublicContracts.approved.txt)
/// is the published surface: any change of a name, URN, exchange, property or type fails here. Adding
/// is allowed but deliberate: review the .received.txt written next to the test output and copy it over.
/// </summary>
public sealed class When_a_published_contract_changes_shape
{
    private static string Describe(Type type) => type switch
    {
        _ when Nullable.GetUnderlyingType(type) is { } inner => Describe(inner) + "?",
        { IsGenericType: true } => type.Name[..type.Name.IndexOf('`')] + "<" + string.Join(",", type.GetGenericArguments().Select(Describe)) + ">",
        _ => type.Name,
    };

    public static string Snapshot()
    {
        var text = new StringBuilder();
        var types = typeof(IOrderEvent).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.Namespace == "PowerMicro.Contracts")
            .OrderBy(t => t.Name, StringComparer.Ordinal);
        foreach (var type in types)
        {
            var urn = type.GetCustomAttribute<MessageUrnAttribute>()?.Urn.ToString();
            var entity = type.GetCustomAttribute<EntityNameAttribute>()?.EntityName;
            text.Append(type.Name);
            if (urn is not null) text.Append($" urn={urn}");
            if (entity is not null) text.Append($" exchange={entity}");
            text.AppendLine();
            var nullability = new NullabilityInfoContext();
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
            {
                var nullable = !property.PropertyType.IsValueType && nullability.Create(property).ReadState == NullabilityState.Nullable ? "?" : "";
                text.AppendLine($"  {property.Name}: {Describe(property.PropertyType)}{nullable}");
            }
        }
        return text.ToString().ReplaceLineEndings("\n");
    }

    [Fact]
    public void The_public_surface_matches_the_approved_snapshot()
    {
        var approvedPath = Path.Combine(AppContext.BaseDirectory, "PublicContracts.approved.txt");
        var actual = Snapshot();
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";
        if (actual != approved)
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "PublicContracts.received.txt"), actual);
        Assert.Equal(approved, actual);
    }

    [Fact]
    public void Every_order_event_pins_its_urn_and_exchange_and_carries_order_sequence_and_time()
    {
        var events = typeof(IOrderEvent).Assembly.GetExportedTypes().Where(t => t.IsClass && typeof(IOrderEvent).IsAssignableFrom(t)).ToList();
        Assert.NotEmpty(events);
        Assert.All(events, e =>
        {
            Assert.Equal($"urn:message:PowerMicro.Contracts:{e.Name}", e.GetCustomAttribute<MessageUrnAttribute>()?.Urn.ToString());
            Assert.Equal($"PowerMicro.Contracts:{e.Name}", e.GetCustomAttribute<EntityNameAttribute>()?.EntityName);
        });
        string[] required = ["OrderReceived", "OrderAnswered", "OrderDispatched", "CrewArrived", "OrderCompleted", "OrderReopened",
            "CallbackScheduled", "CallbackAttempted", "OrderClosed", "SlaBreached"];
        Assert.All(required, name => Assert.Contains(events, e => e.Name == name));
    }
}
