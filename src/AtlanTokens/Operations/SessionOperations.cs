using System;
using AtlanTokens.Session;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// Builds a session's operations (the multi-call workflows) from what the session holds: its endpoints, its
    /// client's options and clock, its identity. The session keeps one of these; it holds state, this builds work.
    /// </summary>
    internal sealed class SessionOperations
    {
        private readonly AtlanSession _session;

        internal SessionOperations(AtlanSession session)
        {
            _session = session;
            WriteLocks = new MachineWriteLocks(session.Client.Options.WriteLockDirectory, session.Client.Options.Clock);
            AccessLists = new AccessListChange(session.Entities, session.BaseUrl, session.Client.Options, WriteLocks);
            Grants = new GrantChange(AccessLists, session.Assets, session.AssetDirectory);
            GrantAudit = new GrantAudit(session.Search, AccessLists);
            TokenUpdate = new ApiTokenUpdate(session.ApiTokens, new Uri(session.BaseUrl), WriteLocks, session.Client.Options.Clock);
            TokenCreation = NewTokenCreation(session.UserName);
            TokenRemoval = new ApiTokenRemoval(session.ApiTokens);
        }

        /// <summary>Write locks shared with this user's other processes on this machine (per tenant and token or asset).</summary>
        public MachineWriteLocks WriteLocks { get; }

        /// <summary>One access list (adminUsers, viewerUsers) of one asset, changed and verified against other writers.</summary>
        public AccessListChange AccessLists { get; }

        /// <summary>Grant or revoke a right on an asset: find, read as stored, plan, apply (the grant cmdlets).</summary>
        public GrantChange Grants { get; }

        /// <summary>Which assets a token holds a right on, confirmed from the store.</summary>
        public GrantAudit GrantAudit { get; }

        /// <summary>Create without duplicates (New-AtlanApiToken, and rotation).</summary>
        public ApiTokenCreation TokenCreation { get; private set; }

        /// <summary>Delete a token, a lost answer's retry that finds it gone counting as deleted (Remove-AtlanApiToken).</summary>
        public ApiTokenRemoval TokenRemoval { get; }

        /// <summary>Token updates serialised in-process and verified against other writers.</summary>
        public ApiTokenUpdate TokenUpdate { get; }

        /// <summary>A rotation of one token through this session.</summary>
        public ApiTokenRotation Rotation() => new ApiTokenRotation(_session);

        /// <summary>Which token a rotation acts on: an exact name followed by its rotation mark, or what -Resume was given.</summary>
        public RotationTargetResolution RotationTargets() => new RotationTargetResolution(_session);

        /// <summary>After the session switched to another key: orphans are then tokens the new user created.</summary>
        internal void UserChanged(string userName) => TokenCreation = NewTokenCreation(userName);

        private ApiTokenCreation NewTokenCreation(string userName) => new ApiTokenCreation(_session.ApiTokens, userName, _session.Client.Options);
    }
}
