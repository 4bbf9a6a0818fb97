using System.Net.Sockets;
using Npgsql;
using PowerMicro.ServiceDefaults.Problems;

namespace PowerMicro.Durable.Resilience;

/// <summary>
/// Thrown by a consumer whose message came before what it depends on (a reopen before the case it
/// reopens): trying again later will succeed, so it is a passing failure, never a reason for the error queue.
/// </summary>
public sealed class RetryLaterException(string message) : Exception(message);

/// <summary>
/// Which failures pass by themselves: a dependency that cannot be reached right now (PostgreSQL, RabbitMQ),
/// or a conflict with a concurrent change. Messages failing so are retried until they succeed; requests
/// answer 503 (unavailable) or 409 (conflict). Anything else is a failure no retry can fix.
/// </summary>
public static class PassingFailures
{
    public static bool IsPassing(Exception exception) => IsUnavailable(exception) || IsConflict(exception) || Any(exception, e => e is RetryLaterException);

    /// <summary>PostgreSQL or RabbitMQ cannot be reached, or refuses work for now (shutting down, starting, out of connections).</summary>
    public static bool IsUnavailable(Exception exception) => Any(exception, e => e switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)                         // insufficient resources
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)                        // shutdown, cannot connect now
            || postgres.SqlState == "55P03"                                                         // lock not available (timeout)
            || IsSchemaRace(postgres.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient,
        SocketException or TimeoutException or IOException => true,
        RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.AlreadyClosedException
            or RabbitMQ.Client.Exceptions.OperationInterruptedException => true,
        MassTransit.RabbitMqConnectionException or MassTransit.ConnectionException or MassTransit.RequestTimeoutException => true,
        _ => false,
    });

    /// <summary>
    /// Another process or thread created the same table, index, function or schema a moment earlier (the start-up
    /// schema warm-up racing the first writes): the object exists now, so the next try succeeds.
    /// </summary>
    private static bool IsSchemaRace(string sqlState) =>
        sqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject
            or PostgresErrorCodes.DuplicateSchema or PostgresErrorCodes.DuplicateFunction;

    /// <summary>Another writer changed the same stream or document first (optimistic concurrency, a unique insert race).</summary>
    public static bool IsConflict(Exception exception) => Any(exception, e => e switch
    {
        JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException
            or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.DocumentAlreadyExistsException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        _ => false,
    });

    private static bool Any(Exception exception, Func<Exception, bool> test) => ExceptionChain.Any(exception, test);
}
