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
    public EmulatorServices(SeedDocument seed, TimeProvider time, string tenantId = EmulatorStore.DefaultTenantId, bool keepSeedKeys = true, string? controlKey = null)
    {
        Time = time;
        Issuer = new BearerTokenIssuer();
        Store = new EmulatorStore(seed, Issuer, time, tenantId, keepSeedKeys);
        ControlKey = controlKey ?? NewControlKey();
        Authenticator = new Authenticator(Store, Issuer, time);
        RateLimiter = new RateLimiter(time);
    }

    /// <summary>The header that carries <see cref="ControlKey"/> on every /_emulator request.</summary>
    public const string ControlKeyHeader = "X-Emulator-Control-Key";

    public TimeProvider Time { get; }

    /// <summary>What the control API requires (per start): a local process that does not know it cannot drive the emulator.</summary>
    public string ControlKey { get; }

    private static string NewControlKey() =>
        Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

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
