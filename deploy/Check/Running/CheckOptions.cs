using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace PowerMicro.Check.Running;

/// <summary>
/// What to check and where. Every server comes from an option, else from the environment the services and
/// deploy/infra.sh use (ConnectionStrings__Postgres or POWERMICRO_POSTGRES, POWERMICRO_PG_DB,
/// POWERMICRO_RABBITMQ_MANAGEMENT, POWERMICRO_RABBIT_VHOST or the virtual host of ConnectionStrings__RabbitMq /
/// POWERMICRO_RABBITMQ, CALLBACK_PORT), else the local defaults.
/// </summary>
public sealed partial record CheckOptions
{
    public static readonly string[] Services = ["intake", "dispatch", "complaint", "callback"];

    public required string Postgres { get; init; }
    public required Uri RabbitManagement { get; init; }
    public required string VirtualHost { get; init; }
    /// <summary>The callback service's base address, for its compliance report; null skips that check.</summary>
    public Uri? CallbackService { get; init; }
    public IReadOnlyDictionary<string, string> Schemas { get; init; } = Services.ToDictionary(s => s, s => s);
    /// <summary>Work younger than this (by PostgreSQL's clock) is "in flight", not a violation.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How long to repeat the check while anything is in flight or violated (a recovering system catches up).</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.Zero;
    /// <summary>Pause before the second pass that confirms violations (a step caught between two writes is not one).</summary>
    public TimeSpan ConfirmAfter { get; init; } = TimeSpan.FromSeconds(2);

    public string Schema(string service) => Schemas[service];

    public const string Usage = """
        usage: deploy/check.sh [--settle 30s] [--wait 0s] [--no-build]
                               [--postgres CONNECTION] [--database NAME] [--schema SERVICE=SCHEMA]...
                               [--rabbit-management URL] [--vhost NAME] [--callback-url URL|none]
          --settle D       work younger than D is reported "in flight", not as a violation (default 30s)
          --wait D         repeat the check until nothing is in flight or violated, for at most D (default 0s)
          --schema S=N     the Marten schema of service S (intake, dispatch, complaint, callback; default its name)
          --callback-url   the callback service, for GET /api/callbacks/compliance (default http://127.0.0.1:$CALLBACK_PORT or :5104)
        Durations: 500ms, 30s, 2m, 1h, or seconds. Exit 0 when clean, 1 on any violation, 2 when the check cannot run.
        """;

    public static CheckOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        string? postgres = null, database = null, management = null, vhost = null, callback = null;
        TimeSpan settle = TimeSpan.FromSeconds(30), wait = TimeSpan.Zero;
        var schemas = Services.ToDictionary(s => s, s => s);
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--settle": settle = Duration(Value()); break;
                case "--wait": wait = Duration(Value()); break;
                case "--postgres": postgres = Value(); break;
                case "--database": database = Value(); break;
                case "--rabbit-management": management = Value(); break;
                case "--vhost": vhost = Value(); break;
                case "--callback-url": callback = Value(); break;
                case "--schema":
                    var pair = Value().Split('=', 2);
                    if (pair.Length != 2 || !schemas.ContainsKey(pair[0]) || !SchemaName().IsMatch(pair[1]))
                        throw new ArgumentException($"--schema wants SERVICE=SCHEMA with SERVICE one of {string.Join(", ", Services)} and a plain lower-case schema name.");
                    schemas[pair[0]] = pair[1];
                    break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        postgres ??= environment("ConnectionStrings__Postgres") ?? environment("POWERMICRO_POSTGRES")
            ?? "Host=127.0.0.1;Port=5433;Database=powermicro;Username=postgres;Password=postgres";
        var connection = new NpgsqlConnectionStringBuilder(postgres);
        database ??= environment("POWERMICRO_PG_DB");
        if (!string.IsNullOrEmpty(database)) connection.Database = database;
        connection.ApplicationName = "powermicro-check";

        vhost ??= environment("POWERMICRO_RABBIT_VHOST") ?? VirtualHostOf(environment("ConnectionStrings__RabbitMq") ?? environment("POWERMICRO_RABBITMQ"));
        management ??= environment("POWERMICRO_RABBITMQ_MANAGEMENT") ?? "http://guest:guest@127.0.0.1:15672/";
        callback ??= $"http://127.0.0.1:{environment("CALLBACK_PORT") ?? "5104"}/";

        return new CheckOptions
        {
            Postgres = connection.ConnectionString,
            RabbitManagement = new Uri(management, UriKind.Absolute),
            VirtualHost = string.IsNullOrEmpty(vhost) ? "/" : vhost,
            CallbackService = callback == "none" ? null : new Uri(callback, UriKind.Absolute),
            Schemas = schemas,
            Settle = settle,
            Wait = wait,
        };
    }

    public static TimeSpan Duration(string text)
    {
        var match = DurationText().Match(text.Trim());
        if (!match.Success) throw new ArgumentException($"'{text}' is not a duration (e.g. 500ms, 30s, 2m, 1h).");
        var n = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromSeconds(n),
        };
    }

    private static string? VirtualHostOf(string? amqp) =>
        amqp is not null && Uri.TryCreate(amqp, UriKind.Absolute, out var uri) && uri.AbsolutePath.Trim('/') is { Length: > 0 } path
            ? Uri.UnescapeDataString(path)
            : null;

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h)?$")]
    private static partial Regex DurationText();

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex SchemaName();
}
