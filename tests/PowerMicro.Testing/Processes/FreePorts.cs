using System.Net;
using System.Net.Sockets;

namespace PowerMicro.Testing.Processes;

/// <summary>Loopback ports nobody listens on right now.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        lock (Handed)
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Handed.Add(port)) return port;
            }
    }

    /// <summary>A port p with p + offset free too (RabbitMQ's Erlang distribution port is AMQP + 20000).</summary>
    public static int NextWithPartner(int offset)
    {
        lock (Handed)
            for (var port = 20000 + Random.Shared.Next(0, 20000); ; port = 20000 + Random.Shared.Next(0, 20000))
                if (!Handed.Contains(port) && !Handed.Contains(port + offset) && IsFree(port) && IsFree(port + offset))
                {
                    Handed.Add(port);
                    Handed.Add(port + offset);
                    return port;
                }
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
