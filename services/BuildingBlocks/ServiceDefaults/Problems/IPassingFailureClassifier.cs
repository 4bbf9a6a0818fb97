namespace PowerMicro.ServiceDefaults.Problems;

/// <summary>
/// Says whether a request failed for a reason that passes by itself, so <see cref="PassingFailureHandler"/> answers
/// 503 or 409 rather than 500. The web defaults know no database or broker: the building block that brings one
/// (PowerMicro.Durable: PostgreSQL, Marten, RabbitMQ) registers a classifier for its failures.
/// </summary>
public interface IPassingFailureClassifier
{
    /// <summary>A dependency cannot be reached, or refuses work for now (→ 503 with Retry-After).</summary>
    bool IsUnavailable(Exception exception);

    /// <summary>Another writer changed the same thing first (→ 409).</summary>
    bool IsConflict(Exception exception);
}
