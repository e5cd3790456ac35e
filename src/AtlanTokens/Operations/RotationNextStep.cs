namespace AtlanTokens.Operations
{
    /// <summary>The one safe next step after a rotation failed; the cmdlet turns it into the error's recommended action.</summary>
    internal enum RotationNextStep
    {
        /// <summary>Nothing is left behind (the new token was removed again): the same command starts the rotation afresh.</summary>
        RunAgain,

        /// <summary>The new token carries its rotation mark and the error carries it: the same command (or -Resume) finishes.</summary>
        Finish,

        /// <summary>The new token, whose secret was not proven or was lost, could not be removed: remove it (nothing old was touched).</summary>
        RemoveNewToken,

        /// <summary>Running the same command would fail the same way (the new key may not manage tokens): use another admin key.</summary>
        UseAnotherKey,
    }
}
