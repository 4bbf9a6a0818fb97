using System.Net.Sockets;

namespace PowerMicro.ServiceDefaults.Problems;

/// <summary>A connection that failed or timed out: unavailable for now, whichever dependency it led to.</summary>
public sealed class NetworkFailures : IPassingFailureClassifier
{
    public bool IsUnavailable(Exception exception) =>
        ExceptionChain.Any(exception, e => e is SocketException or TimeoutException or IOException);

    public bool IsConflict(Exception exception) => false;
}
