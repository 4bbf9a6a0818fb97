using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration.Json;
using Npgsql;
using PowerMicro.Callback;
using PowerMicro.Check.Running;
using PowerMicro.Complaint;
using PowerMicro.Dispatch;
using PowerMicro.Intake;
using PowerMicro.Testing;

namespace PowerMicro.Check.Tests;

/// <summary>
/// The whole system in one test process: the four real services, each its own host and Marten schema
/// ({class schema}_{service}), on the class's database and RabbitMQ virtual host, driven over HTTP as the gateway
/// would call them (identity headers set), and the checker pointed at them.
/// </summary>
public class SystemRig : IsolatedInfrastructure
{
    public static readonly string[] Services = ["intake", "dispatch", "complaint", "callback"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public TestWebHost Intake { get; private set; } = null!;
    public TestWebHost Dispatch { get; private set; } = null!;
    public TestWebHost Complaint { get; private set; } = null!;
    public TestWebHost Callback { get; private set; } = null!;

    public string SchemaOf(string service) => $"{Schema}_{service}";

    public override async Task InitializeAsync()
    {
        // The checker signs its compliance read with the Auth settings of the environment: here, the test hosts' ones.
        Environment.SetEnvironmentVariable("Auth__Issuer", TestTokens.Issuer);
        Environment.SetEnvironmentVariable("Auth__Audience", TestTokens.Audience);
        Environment.SetEnvironmentVariable("Auth__SigningKey", TestTokens.SigningKey);
        await base.InitializeAsync();
        Intake = await Start("intake", b => b.AddIntake(), app => app.MapIntake());
        Dispatch = await Start("dispatch", b => b.AddDispatch(), app => app.MapDispatch(), new()
        {
            ["Dispatch:Crews:0:Id"] = "urban-1", ["Dispatch:Crews:0:Name"] = "Urban One",
            ["Dispatch:Crews:0:Areas:0"] = "urban", ["Dispatch:Crews:0:Capacity"] = "100",
        });
        Complaint = await Start("complaint", b => b.AddComplaint(), app => app.MapComplaint());
        Callback = await Start("callback", b => b.AddCallback(), app => app.MapCallback());
    }

    public override async Task DisposeAsync()
    {
        foreach (var host in new[] { Callback, Complaint, Dispatch, Intake })
            if (host is not null) await host.DisposeAsync();
        await base.DisposeAsync();
    }

    private Task<TestWebHost> Start(string service, Action<WebApplicationBuilder> add, Action<WebApplication> map,
        Dictionary<string, string?>? more = null)
    {
        var settings = Configuration(SchemaOf(service));
        settings["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(Postgres) { MaxPoolSize = 10 }.ConnectionString;
        foreach (var (key, value) in more ?? []) settings[key] = value;
        return TestWebHost.StartAsync(settings, b =>
        {
            // Each service's appsettings.json lands in this test's output (one overwriting the other): use none.
            foreach (var json in b.Configuration.Sources.OfType<JsonConfigurationSource>().ToList()) b.Configuration.Sources.Remove(json);
            add(b);
        }, map);
    }

    /// <summary>The checker's options for this system: its schemas, virtual host and callback service.</summary>
    public CheckOptions CheckOptions(TimeSpan settle, TimeSpan? wait = null) => new()
    {
        Postgres = Postgres,
        RabbitManagement = Servers.RabbitMqManagement,
        VirtualHost = VirtualHost,
        CallbackService = Callback.Address,
        Schemas = Services.ToDictionary(s => s, SchemaOf),
        Settle = settle,
        Wait = wait ?? TimeSpan.Zero,
        ConfirmAfter = TimeSpan.FromMilliseconds(300),
    };

    /// <summary>The command-line arguments that point deploy/check.sh at this system.</summary>
    public string[] CheckArguments(string settle) =>
    [
        "--postgres", Postgres, "--rabbit-management", Servers.RabbitMqManagement.ToString(), "--vhost", VirtualHost,
        "--callback-url", Callback.Address.ToString(), "--settle", settle,
        ..Services.SelectMany(s => new[] { "--schema", $"{s}={SchemaOf(s)}" }),
    ];

    public Task<CheckRun> Check(TimeSpan settle, TimeSpan? wait = null) => Checker.RunAsync(CheckOptions(settle, wait));

    // ---- the API, as the gateway calls it ----

    private static async Task<HttpResponseMessage> Send(TestWebHost host, HttpMethod method, string path, string role, object? body = null,
        string? crew = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = TestTokens.Bearer(role, "check-tests", crew);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await host.Client.SendAsync(request);
    }

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> sending, string what)
    {
        using var response = await sending;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Content.Headers.ContentLength == 0 ? default : await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    public async Task<Guid> Take(string kind, string subtype, DateTimeOffset? appointmentAt = null)
    {
        var order = await Ok(Send(Intake, HttpMethod.Post, "/api/orders", "agent", new
        {
            kind, subtype, channel = "phone", area = "urban",
            customer = new { accountNo = "3201000001", name = "Wang Li", phone = "13800000000", tier = "C", importance = 3 },
            address = "12 Huaihe Rd, Xuyi", description = "Taken in by the checker's tests", appointmentAt,
        }), $"taking a {kind}");
        return order.GetProperty("orderId").GetGuid();
    }

    public Task<JsonElement> Answer(Guid orderId) =>
        Ok(Send(Intake, HttpMethod.Post, $"/api/orders/{orderId}/answer", "agent", new { answer = "Answered on the phone." }), "answering");

    public async Task<JsonElement?> View(Guid orderId)
    {
        using var response = await Send(Intake, HttpMethod.Get, $"/api/orders/{orderId}", "agent");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(Json) : null;
    }

    public async Task<JsonElement> ViewWhen(Guid orderId, Func<JsonElement, bool> condition, string what) =>
        (await Explained(() => Eventually.Get(async () => await View(orderId) is { } v && condition(v) ? (JsonElement?)v : null, what,
            TimeSpan.FromSeconds(60))))!.Value;

    /// <summary>A wait that, should it time out, says what the checker sees in the system at that moment.</summary>
    private async Task<T> Explained<T>(Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch (TimeoutException timeout)
        {
            var report = new StringWriter();
            RunReport.Write(report, CheckOptions(TimeSpan.Zero), await Check(TimeSpan.Zero));
            throw new TimeoutException($"{timeout.Message} The checker sees:\n{report}", timeout);
        }
    }

    public Task<JsonElement> Closed(Guid orderId) =>
        ViewWhen(orderId, v => v.GetProperty("status").GetString() == "closed", $"order {orderId} closed");

    /// <summary>Dispatched, arrived, completed: the repair's first round of work.</summary>
    public async Task Repair(Guid orderId)
    {
        var workOrder = await Eventually.Get(async () =>
        {
            using var response = await Send(Dispatch, HttpMethod.Get, $"/api/dispatch/work-orders/{orderId}", "supervisor");
            if (!response.IsSuccessStatusCode) return (JsonElement?)null;
            var w = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
            return w.GetProperty("status").GetString() == "dispatched" ? w : null;
        }, $"work order {orderId} dispatched", TimeSpan.FromSeconds(60));
        var crew = workOrder!.Value.GetProperty("crew").GetString();
        await Ok(Send(Dispatch, HttpMethod.Post, $"/api/dispatch/work-orders/{orderId}/arrive", "crew", new { crew }, crew), "arriving");
        await Ok(Send(Dispatch, HttpMethod.Post, $"/api/dispatch/work-orders/{orderId}/complete", "crew",
            new { result = "restored", note = "Replaced the fuse." }, crew), "completing");
    }

    public async Task<JsonElement?> Case(Guid orderId)
    {
        using var response = await Send(Complaint, HttpMethod.Get, $"/api/complaints/{orderId}", "agent");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>(Json) : null;
    }

    public Task<JsonElement?> CaseWhen(Guid orderId, string status) => Explained(() =>
        Eventually.Get(async () => await Case(orderId) is { } c && c.GetProperty("status").GetString() == status ? (JsonElement?)c : null,
            $"case {orderId} {status}", TimeSpan.FromSeconds(60)));

    public async Task Contact(Guid orderId)
    {
        await CaseWhen(orderId, "received");
        await Ok(Send(Complaint, HttpMethod.Post, $"/api/complaints/{orderId}/contact", "agent", new { }), "contacting");
    }

    public Task<JsonElement> Reply(Guid orderId) =>
        Ok(Send(Complaint, HttpMethod.Post, $"/api/complaints/{orderId}/reply", "agent", new { reply = "We looked into it and fixed it." }), "replying");

    /// <summary>The open callback task of the order (other than <paramref name="not"/>), once the saga has made it.</summary>
    public async Task<Guid> CallbackTask(Guid orderId, Guid? not = null)
    {
        var task = await Explained(() => Eventually.Get(async () =>
        {
            var open = await Ok(Send(Callback, HttpMethod.Get, "/api/callbacks?status=open", "agent"), "the callback queue");
            return open.EnumerateArray()
                .Where(t => t.GetProperty("orderId").GetGuid() == orderId && t.GetProperty("callbackId").GetGuid() != not)
                .Select(t => (Guid?)t.GetProperty("callbackId").GetGuid()).FirstOrDefault();
        }, $"a callback task of order {orderId}", TimeSpan.FromSeconds(60)));
        return task!.Value;
    }

    public Task<JsonElement> Attempt(Guid callbackId, string outcome) =>
        Ok(Send(Callback, HttpMethod.Post, $"/api/callbacks/{callbackId}/attempts", "agent", new { outcome, note = "Called back." }),
            $"a {outcome} callback");

    // ---- breaking things on purpose ----

    public async Task<object?> Sql(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>A copy of the order's stored event of <paramref name="type"/> in <paramref name="service"/>, appended after the others, as a duplicate delivery would.</summary>
    public Task Duplicate(string service, Guid orderId, string type)
    {
        var schema = SchemaOf(service);
        return Sql($"""
                    insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers, is_archived)
                    select nextval('{schema}.mt_events_sequence'), gen_random_uuid(), stream_id, version + 1000, data, type, now(), tenant_id,
                           mt_dotnet_type, headers, false
                    from {schema}.mt_events where stream_id = @id and type = @type order by version limit 1
                    """, ("id", orderId), ("type", type));
    }

    /// <summary>Removes everything <paramref name="service"/> stored about the order: its stream and its document.</summary>
    public Task Forget(string service, Guid orderId, string document)
    {
        var schema = SchemaOf(service);
        return Sql($"delete from {schema}.mt_events where stream_id = @id; delete from {schema}.mt_streams where id = @id; " +
                   $"delete from {schema}.{document} where id = @id", ("id", orderId));
    }

    /// <summary>Puts a message into a queue of the class's virtual host through the RabbitMQ management API (declaring the queue).</summary>
    public async Task Park(string queue, string payload, Dictionary<string, string> headers)
    {
        var management = Servers.RabbitMqManagement;
        using var client = new HttpClient { BaseAddress = new UriBuilder(management) { UserName = "", Password = "" }.Uri };
        var credentials = string.IsNullOrEmpty(management.UserInfo) ? "guest:guest" : Uri.UnescapeDataString(management.UserInfo);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)));
        var vhost = Uri.EscapeDataString(VirtualHost);
        (await client.PutAsJsonAsync($"api/queues/{vhost}/{Uri.EscapeDataString(queue)}", new { durable = true })).EnsureSuccessStatusCode();
        using var published = await client.PostAsJsonAsync($"api/exchanges/{vhost}/amq.default/publish", new
        {
            properties = new { headers, content_type = "application/vnd.masstransit+json", delivery_mode = 2 },
            routing_key = queue, payload, payload_encoding = "string",
        });
        published.EnsureSuccessStatusCode();
        Assert.Contains("\"routed\":true", await published.Content.ReadAsStringAsync());
    }
}
