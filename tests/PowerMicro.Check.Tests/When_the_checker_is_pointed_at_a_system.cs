using PowerMicro.Check.Running;

namespace PowerMicro.Check.Tests;

/// <summary>Where the checker looks when told nothing: the same environment deploy/run.sh and deploy/infra.sh use.</summary>
public sealed class When_the_checker_is_pointed_at_a_system
{
    private static CheckOptions Parse(string[] args, Dictionary<string, string> environment) =>
        CheckOptions.Parse(args, name => environment.GetValueOrDefault(name));

    [Fact]
    public void The_environment_of_an_isolated_run_names_its_database_virtual_host_and_callback_port()
    {
        var options = Parse([], new()
        {
            ["POWERMICRO_POSTGRES"] = "Host=127.0.0.1;Port=5433;Database=powermicro;Username=postgres;Password=postgres",
            ["POWERMICRO_PG_DB"] = "powermicro_check",
            ["ConnectionStrings__RabbitMq"] = "amqp://guest:guest@127.0.0.1:5672/check",
            ["POWERMICRO_RABBITMQ_MANAGEMENT"] = "http://guest:guest@127.0.0.1:15672/",
            ["CALLBACK_PORT"] = "5204",
        });

        Assert.Contains("Database=powermicro_check", options.Postgres);
        Assert.Equal("check", options.VirtualHost);
        Assert.Equal(new Uri("http://127.0.0.1:5204/"), options.CallbackService);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Settle);
        Assert.Equal("intake", options.Schema("intake"));
    }

    [Fact]
    public void Options_win_over_the_environment()
    {
        var options = Parse(
            ["--database", "other", "--vhost", "v2", "--schema", "callback=t_cb", "--settle", "500ms", "--wait", "2m", "--callback-url", "none"],
            new() { ["POWERMICRO_PG_DB"] = "powermicro_check", ["POWERMICRO_RABBIT_VHOST"] = "check" });

        Assert.Contains("Database=other", options.Postgres);
        Assert.Equal("v2", options.VirtualHost);
        Assert.Equal("t_cb", options.Schema("callback"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Settle);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Wait);
        Assert.Null(options.CallbackService);
    }

    [Theory]
    [InlineData("--settle", "soon")]
    [InlineData("--schema", "intake=x; drop schema intake")]
    [InlineData("--schema", "billing=b")]
    [InlineData("--colour", "red")]
    public void A_bad_option_is_refused_before_anything_is_read(string option, string value) =>
        Assert.Throws<ArgumentException>(() => Parse([option, value], []));
}
