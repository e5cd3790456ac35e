using System;
using System.Globalization;
using System.IO;
using System.Net;

namespace AtlanTokens.Emulator.Hosting;

/// <summary>
/// Command line: [--port 0] [--listen address] [--seed path] [--parent-pid pid] [--exit-on-stdin-eof] [--tenant-id id]
/// [--keep-seed-keys].
/// </summary>
/// <param name="Listen">
/// The address to bind instead of 127.0.0.1 (only from an explicit --listen; no environment variable or configuration
/// file can widen it).
/// </param>
/// <param name="KeepSeedKeys">Use the seed's admin key and OAuth client secrets as written, instead of fresh random ones.</param>
/// <param name="ControlKey">The key the control API (/_emulator) requires; null: a fresh random one for this start.</param>
internal sealed record EmulatorOptions(
    int Port,
    string SeedPath,
    int? ParentProcessId,
    bool ExitOnStdinEof,
    string TenantId = State.EmulatorStore.DefaultTenantId,
    IPAddress? Listen = null,
    bool KeepSeedKeys = false,
    string? ControlKey = null)
{
    public const string Usage = "Usage: AtlanTokens.Emulator [--port 0] [--listen <ip address>] [--seed <path>] [--parent-pid <pid>] [--exit-on-stdin-eof] [--tenant-id <id>] [--keep-seed-keys]";

    public static string DefaultSeedPath => Path.Combine(AppContext.BaseDirectory, "seed.json");

    public IPAddress ListenAddress => Listen ?? IPAddress.Loopback;

    public static EmulatorOptions Parse(string[] args)
    {
        int port = 0;
        string seedPath = DefaultSeedPath;
        int? parentPid = null;
        bool exitOnStdinEof = false;
        bool keepSeedKeys = false;
        IPAddress? listen = null;
        string tenantId = State.EmulatorStore.DefaultTenantId;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port":
                    port = ParseInt(args, ref i, 0, 65535);
                    break;
                case "--listen":
                    string address = Value(args, ref i);
                    if (!IPAddress.TryParse(address, out listen))
                    {
                        throw new ArgumentException($"Argument '--listen' must be an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::); got '{address}'.");
                    }

                    break;
                case "--seed":
                    seedPath = Value(args, ref i);
                    break;
                case "--parent-pid":
                    parentPid = ParseInt(args, ref i, 1, int.MaxValue);
                    break;
                case "--tenant-id":
                    tenantId = Value(args, ref i);
                    if (!System.Text.RegularExpressions.Regex.IsMatch(tenantId, "^[a-z0-9][a-z0-9-]{0,62}$"))
                    {
                        throw new ArgumentException($"Argument '--tenant-id' must be lower-case letters, digits and dashes; got '{tenantId}'.");
                    }

                    break;
                case "--exit-on-stdin-eof":
                    exitOnStdinEof = true;
                    break;
                case "--keep-seed-keys":
                    keepSeedKeys = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}");
            }
        }

        return new EmulatorOptions(port, Path.GetFullPath(seedPath), parentPid, exitOnStdinEof, tenantId, listen, keepSeedKeys);
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException($"Argument '{args[i]}' needs a value.");
        }

        return args[++i];
    }

    private static int ParseInt(string[] args, ref int i, int min, int max)
    {
        string name = args[i];
        string text = Value(args, ref i);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"Argument '{name}' must be an integer between {min} and {max}; got '{text}'.");
    }
}
