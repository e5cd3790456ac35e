using System;
using System.Threading;
using AtlanTokens.Emulator.Auth;
using AtlanTokens.Emulator.Control;
using AtlanTokens.Emulator.Faults;
using AtlanTokens.Emulator.State;

namespace AtlanTokens.Emulator.Hosting;

/// <summary>Everything one emulator instance holds; endpoints and middleware share it.</summary>
internal sealed class EmulatorServices
{
    public EmulatorServices(SeedDocument seed, TimeProvider time, string tenantId = EmulatorStore.DefaultTenantId)
    {
        Time = time;
        Issuer = new BearerTokenIssuer();
        Store = new EmulatorStore(seed, Issuer, time, tenantId);
        Authenticator = new Authenticator(Store, Issuer, time);
        RateLimiter = new RateLimiter(time);
    }

    public TimeProvider Time { get; }

    public BearerTokenIssuer Issuer { get; }

    public EmulatorStore Store { get; }

    public Authenticator Authenticator { get; }

    public FaultRegistry Faults { get; } = new();

    public RateLimiter RateLimiter { get; }

    public RequestLog Requests { get; } = new();

    public EmulatorStats Stats { get; } = new();

    /// <summary>Back to the seed state, with no faults, no recorded requests and no rate limit.</summary>
    private int resets;

    /// <summary>How often the state was reset: work scheduled before a reset (a commitLater fault) is dropped after it.</summary>
    public int Resets => Volatile.Read(ref resets);

    public void Reset()
    {
        Interlocked.Increment(ref resets);
        Store.Reset();
        Faults.Clear();
        Requests.Clear();
        RateLimiter.Configure(0);
    }
}
