using System.Diagnostics;
using System.Text.RegularExpressions;
using JasperFx;
using Marten;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>The machine's own limits, measured in the same run at the benchmark's concurrency.</summary>
public sealed record RawFigures(int Concurrency, double PgbenchInsertTps, double MartenAppendsPerSecond, double RabbitPublishConfirmedPerSecond, double RabbitConsumePerSecond);

public sealed record RawAppended(int Writer, long N);

/// <summary>
/// pgbench (one-row insert transactions, C clients), Marten (one event to a new stream per session, C writers) and
/// a minimal RabbitMQ.Client program (C channels publishing persistent messages to a durable queue, each waiting
/// for its confirm; then one consumer with acks draining it). Everything goes into throw-away tables, schema and
/// queue in the system's own database and virtual host, removed afterwards.
/// </summary>
public static class RawLimits
{
    public static async Task<RawFigures> MeasureAsync(string postgres, Uri rabbitMq, int concurrency, TimeSpan length)
    {
        var pgbench = await PgbenchAsync(postgres, concurrency, length);
        Console.WriteLine($"  pgbench one-row inserts, {concurrency} clients: {pgbench:0} tx/s");
        var marten = await MartenAsync(postgres, concurrency, length);
        Console.WriteLine($"  Marten single-event appends, {concurrency} writers: {marten:0}/s");
        var (publish, consume) = await RabbitAsync(rabbitMq, concurrency, length);
        Console.WriteLine($"  RabbitMQ persistent publish with confirm, {concurrency} channels: {publish:0}/s; consume with acks: {consume:0}/s");
        return new RawFigures(concurrency, pgbench, marten, publish, consume);
    }

    private static async Task<double> PgbenchAsync(string postgres, int concurrency, TimeSpan length)
    {
        var cs = new NpgsqlConnectionStringBuilder(postgres);
        var table = "bench_raw_insert_" + Guid.NewGuid().ToString("N")[..8];
        await Execute(postgres, $"create table {table}(id bigserial primary key, v int not null)");
        var script = Path.Combine(Path.GetTempPath(), table + ".sql");
        await File.WriteAllTextAsync(script, $"insert into {table}(v) values (1);\n");
        try
        {
            var binary = new[] { "/usr/lib/postgresql/15/bin/pgbench", "/usr/bin/pgbench" }.FirstOrDefault(File.Exists) ?? "pgbench";
            var start = new ProcessStartInfo(binary)
            {
                ArgumentList = { "-n", "-c", concurrency.ToString(), "-j", Math.Min(concurrency, Environment.ProcessorCount).ToString(),
                    "-T", ((int)length.TotalSeconds).ToString(), "-f", script, "-h", cs.Host!, "-p", cs.Port.ToString(), "-U", cs.Username ?? "postgres", cs.Database! },
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var match = Regex.Match(output, @"tps = ([0-9.]+) \(without initial connection time\)");
            if (!match.Success) throw new InvalidOperationException($"pgbench: {output} {errors}");
            return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(script);
            await Execute(postgres, $"drop table if exists {table}");
        }
    }

    private static async Task<double> MartenAsync(string postgres, int concurrency, TimeSpan length)
    {
        var schema = "bench_raw_" + Guid.NewGuid().ToString("N")[..8];
        using var store = DocumentStore.For(o =>
        {
            o.Connection(postgres);
            o.DatabaseSchemaName = schema;
            o.Events.DatabaseSchemaName = schema;
            o.AutoCreateSchemaObjects = AutoCreate.All;
            o.Events.UseAdvisoryLockTransaction = true;
            o.Events.AddEventType<RawAppended>();
        });
        try
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await using (var warm = store.LightweightSession())
            {
                warm.Events.StartStream(Guid.NewGuid(), new RawAppended(-1, 0));
                await warm.SaveChangesAsync();
            }
            var appended = 0L;
            var until = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(writer => Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < until)
                {
                    await using var session = store.LightweightSession();
                    session.Events.StartStream(Guid.NewGuid(), new RawAppended(writer, Interlocked.Increment(ref appended)));
                    await session.SaveChangesAsync();
                }
            })));
            return appended / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await Execute(postgres, $"drop schema if exists {schema} cascade");
        }
    }

    private static async Task<(double Publish, double Consume)> RabbitAsync(Uri rabbitMq, int concurrency, TimeSpan length)
    {
        var factory = new ConnectionFactory { Uri = rabbitMq, ClientProvidedName = "bench-raw" };
        await using var connection = await factory.CreateConnectionAsync();
        var queue = "bench-raw-" + Guid.NewGuid().ToString("N")[..8];
        await using (var setup = await connection.CreateChannelAsync())
            await setup.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        try
        {
            var body = new byte[300]; // about the size of an integration event
            var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
            var published = 0L;
            var until = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
                    publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
                while (Stopwatch.GetTimestamp() < until)
                {
                    await channel.BasicPublishAsync("", queue, mandatory: true, properties, body); // returns once confirmed
                    Interlocked.Increment(ref published);
                }
            })));
            var publishRate = published / clock.Elapsed.TotalSeconds;

            await using var consumerChannel = await connection.CreateChannelAsync();
            await consumerChannel.BasicQosAsync(0, 200, false);
            var consumed = 0L;
            var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var consumer = new AsyncEventingBasicConsumer(consumerChannel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                await consumerChannel.BasicAckAsync(delivery.DeliveryTag, false);
                if (Interlocked.Increment(ref consumed) == published) all.TrySetResult();
            };
            clock.Restart();
            await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer);
            await Task.WhenAny(all.Task, Task.Delay(TimeSpan.FromMinutes(2)));
            return (publishRate, Interlocked.Read(ref consumed) / clock.Elapsed.TotalSeconds);
        }
        finally
        {
            await using var cleanup = await connection.CreateChannelAsync();
            await cleanup.QueueDeleteAsync(queue);
        }
    }

    private static async Task Execute(string postgres, string sql)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
