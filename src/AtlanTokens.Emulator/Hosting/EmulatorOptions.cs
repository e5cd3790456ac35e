using System;
using System.Globalization;
using System.IO;

namespace AtlanTokens.Emulator.Hosting;

/// <summary>Command line: [--port 0] [--seed path] [--parent-pid pid] [--exit-on-stdin-eof] [--tenant-id id].</summary>
internal sealed record EmulatorOptions(int Port, string SeedPath, int? ParentProcessId, bool ExitOnStdinEof, string TenantId = State.EmulatorStore.DefaultTenantId)
{
    public static string DefaultSeedPath => Path.Combine(AppContext.BaseDirectory, "seed.json");

    public static EmulatorOptions Parse(string[] args)
    {
        int port = 0;
        string seedPath = DefaultSeedPath;
        int? parentPid = null;
        bool exitOnStdinEof = false;
        string tenantId = State.EmulatorStore.DefaultTenantId;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port":
                    port = ParseInt(args, ref i, 0, 65535);
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
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: AtlanTokens.Emulator [--port 0] [--seed <path>] [--parent-pid <pid>] [--exit-on-stdin-eof] [--tenant-id <id>]");
            }
        }

        return new EmulatorOptions(port, Path.GetFullPath(seedPath), parentPid, exitOnStdinEof, tenantId);
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
