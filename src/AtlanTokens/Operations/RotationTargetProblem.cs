namespace AtlanTokens.Operations
{
    /// <summary>Why the token a rotation was asked for could not be settled; the error mapping turns it into a category and a next step.</summary>
    internal enum RotationTargetProblem
    {
        /// <summary>No token has the exact name (ApiTokenNotFoundByName).</summary>
        NameNotFound,

        /// <summary>Several tokens have the name and no rotation mark settles which one is meant (ApiTokenNameAmbiguous).</summary>
        NameAmbiguous,

        /// <summary>-Resume got no new token: not a rotation's error, exception or token, or its new token was removed again (RotationResumeNotUsable).</summary>
        ResumeNotARotation,

        /// <summary>The new token passed back no longer exists, or carries no rotation mark of its own naming the old token (RotationResumeNotUsable).</summary>
        ResumeNoEvidence,

        /// <summary>The old token the passed-back new token's mark names no longer exists (ApiTokenNotFoundByGuid).</summary>
        OldTokenGone,
    }
}
