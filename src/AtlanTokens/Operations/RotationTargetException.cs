using AtlanTokens.Client;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// The token a rotation was asked for could not be settled (<see cref="RotationTargetResolution"/>): no token of the
    /// name, a shared name that no rotation mark settles, or what -Resume was given is no evidence of an unfinished
    /// rotation whose old token still exists. Nothing was read beyond the look-ups and nothing was changed.
    /// </summary>
    public sealed class RotationTargetException : AtlanException
    {
        internal RotationTargetException(RotationTargetProblem problem, string message, object? sought = null, string? candidateGuid = null)
            : base(message, null)
        {
            Problem = problem;
            Sought = sought;
            CandidateGuid = candidateGuid;
        }

        /// <summary>ApiTokenNotFoundByName, ApiTokenNameAmbiguous, RotationResumeNotUsable or ApiTokenNotFoundByGuid.</summary>
        public override string ErrorId => Problem switch
        {
            RotationTargetProblem.NameNotFound => ErrorIds.ApiTokenNotFoundByName,
            RotationTargetProblem.NameAmbiguous => ErrorIds.ApiTokenNameAmbiguous,
            RotationTargetProblem.OldTokenGone => ErrorIds.ApiTokenNotFoundByGuid,
            _ => ErrorIds.RotationResumeNotUsable,
        };

        /// <summary>The name or GUID that was sought (the error's target); null when it is what the command was given.</summary>
        public object? Sought { get; }

        /// <summary>For a shared name: the first token of the name, whose GUID the suggested command line shows.</summary>
        public string? CandidateGuid { get; }

        internal RotationTargetProblem Problem { get; }

        public override bool MayHaveBeenApplied => false;
    }
}
