using System;
using System.Linq;
using AtlanTokens.Emulator.Auth;
using AtlanTokens.Emulator.State;

namespace AtlanTokens.Emulator.Api;

/// <summary>The seed page's permission model for connections and query collections.</summary>
internal static class AssetAccess
{
    public static bool CanSee(Caller caller, AssetEntry asset)
    {
        if (asset.TypeName != EmulatorStore.CollectionType)
        {
            return true;
        }

        return (caller.IsAdmin && !caller.IsApiToken)
            || IsCollectionEditor(caller, asset)
            || Contains(asset, "viewerUsers", caller.Username)
            || Intersects(asset, "viewerGroups", caller);
    }

    /// <summary>Connection admin (by user, group or role) or collection editor (by user or group).</summary>
    public static bool CanManage(Caller caller, AssetEntry asset) => asset.TypeName switch
    {
        EmulatorStore.ConnectionType => Contains(asset, "adminUsers", caller.Username)
            || Intersects(asset, "adminGroups", caller)
            || Contains(asset, "adminRoles", caller.Role),
        EmulatorStore.CollectionType => IsCollectionEditor(caller, asset),
        _ => false,
    };

    private static bool IsCollectionEditor(Caller caller, AssetEntry asset) =>
        Contains(asset, "adminUsers", caller.Username) || Intersects(asset, "adminGroups", caller);

    private static bool Contains(AssetEntry asset, string attribute, string value) =>
        asset.GetStringList(attribute).Contains(value, StringComparer.Ordinal);

    private static bool Intersects(AssetEntry asset, string attribute, Caller caller) =>
        asset.GetStringList(attribute).Intersect(caller.Groups, StringComparer.Ordinal).Any();
}
