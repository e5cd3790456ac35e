using System.Threading;

namespace AtlanTokens.Emulator.Control;

internal sealed class EmulatorStats
{
    private long connectionsAccepted;
    private long requests;

    public long ConnectionsAccepted => Interlocked.Read(ref connectionsAccepted);

    public long Requests => Interlocked.Read(ref requests);

    public void CountConnection() => Interlocked.Increment(ref connectionsAccepted);

    public void CountRequest() => Interlocked.Increment(ref requests);

    public void Clear()
    {
        Interlocked.Exchange(ref connectionsAccepted, 0);
        Interlocked.Exchange(ref requests, 0);
    }
}
