using AtlanTokens.Emulator.Auth;
using Microsoft.AspNetCore.Http;

namespace AtlanTokens.Emulator.Hosting;

internal static class CallerContext
{
    private const string ItemKey = "AtlanEmulator.Caller";

    public static void Set(HttpContext context, Caller caller) => context.Items[ItemKey] = caller;

    public static Caller? Find(HttpContext context) => context.Items[ItemKey] as Caller;

    /// <summary>The authenticated caller; API endpoints only run after authentication, so it is always there.</summary>
    public static Caller Get(HttpContext context) =>
        Find(context) ?? throw new System.InvalidOperationException("Endpoint reached without authentication.");
}
