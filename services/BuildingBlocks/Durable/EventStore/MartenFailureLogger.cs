using Marten;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Npgsql;
using PowerMicro.Durable.Resilience;

namespace PowerMicro.Durable.EventStore;

/// <summary>
/// Marten's logger, with failures told by what they are. Marten's own logs every failed command at Error with its
/// parameter values. Here:
/// <list type="bullet">
/// <item>a conflict with a concurrent writer (two instances on one order) is routine and its message is retried:
/// Debug;</item>
/// <item>PostgreSQL unreachable is a passing failure, also seen by the health checks: Warning;</item>
/// <item>anything else is an Error.</item>
/// </list>
/// Only the SQL text is logged, never parameter values: they may carry a customer's personal data.
/// </summary>
public sealed partial class MartenFailureLogger(ILogger logger) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => LogSchemaChange(sql);

    public void LogSuccess(NpgsqlCommand command) => LogExecuted(command.CommandText);

    public void LogSuccess(NpgsqlBatch batch)
    {
        if (logger.IsEnabled(LogLevel.Debug)) LogExecuted(string.Join(";\n", batch.BatchCommands.Select((NpgsqlBatchCommand c) => c.CommandText)));
    }

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failed(ex, command.CommandText);

    public void LogFailure(NpgsqlBatch batch, Exception ex) =>
        Failed(ex, string.Join(";\n", batch.BatchCommands.Select((NpgsqlBatchCommand c) => c.CommandText)));

    public void LogFailure(Exception ex, string message) => Failed(ex, message);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }

    public void OnBeforeExecute(NpgsqlCommand command) { }

    public void OnBeforeExecute(NpgsqlBatch batch) { }

    private void Failed(Exception ex, string sql)
    {
        if (PassingFailures.IsConflict(ex)) LogConflict(ex.GetType().Name, sql);
        else if (PassingFailures.IsUnavailable(ex)) LogUnavailable(ex, sql);
        else LogFailed(ex, sql);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Executed schema update SQL:\n{Sql}")]
    private partial void LogSchemaChange(string sql);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Marten executed:\n{Sql}")]
    private partial void LogExecuted(string sql);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A concurrent writer changed the same stream or document first ({Conflict}); the caller retries:\n{Sql}")]
    private partial void LogConflict(string conflict, string sql);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL cannot take the command now; the caller retries or answers 503:\n{Sql}")]
    private partial void LogUnavailable(Exception ex, string sql);

    [LoggerMessage(Level = LogLevel.Error, Message = "Marten encountered an exception executing\n{Sql}")]
    private partial void LogFailed(Exception ex, string sql);
}
