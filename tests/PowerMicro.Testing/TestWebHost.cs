using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace PowerMicro.Testing;

/// <summary>A real Kestrel host on a free loopback port, built the way a service's Program.cs builds it.</summary>
public sealed class TestWebHost : IAsyncDisposable
{
    private TestWebHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Client = new HttpClient(new FirstAllowedRole(new SocketsHttpHandler())) { BaseAddress = address };
    }

    public WebApplication App { get; }
    public Uri Address { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => App.Services;

    /// <summary>The messages this host's consumers have finished with (see <see cref="ConsumedMessages"/>).</summary>
    public ConsumedMessages Consumed => App.Services.GetRequiredService<ConsumedMessages>();

    /// <summary>A client that calls as this role (and crew), whatever the route.</summary>
    public HttpClient ClientAs(string role, string? crew = null, string? user = null) =>
        _clients.GetOrAdd((role, crew, user), key =>
        {
            var client = new HttpClient { BaseAddress = Address };
            client.DefaultRequestHeaders.Authorization = TestTokens.Bearer(key.Role, key.User ?? "test-" + (key.Crew ?? key.Role), key.Crew);
            return client;
        });

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Role, string? Crew, string? User), HttpClient> _clients = new();

    public static async Task<TestWebHost> StartAsync(IDictionary<string, string?> configuration,
        Action<WebApplicationBuilder> configure, Action<WebApplication> map, bool awaitSchema = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(TestTokens.Configuration());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<ConsumedMessages>();
        builder.Services.AddConsumeObserver(provider => provider.GetRequiredService<ConsumedMessages>());
        configure(builder);
        var app = builder.Build();
        // MassTransit keeps a static log context; point it at this host's loggers, or a bus built after an
        // earlier test host was disposed in this process would log into a disposed factory.
        MassTransit.LogContext.ConfigureCurrentLogContext(app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>());
        map(app);
        await app.StartAsync();
        // A service applies its schema in the background at start-up; tests begin once it is there, as the
        // gateway only routes to a service once its readiness (which includes the schema) is green.
        if (awaitSchema && app.Services.GetService<PowerMicro.Durable.EventStore.SchemaWarmup>() is { } schema)
            await schema.Applied.WaitAsync(TimeSpan.FromMinutes(2));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestWebHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        foreach (var client in _clients.Values) client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
