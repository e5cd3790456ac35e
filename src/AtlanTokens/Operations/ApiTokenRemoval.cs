using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// Deletes one API token and says how it went. A delete is retried when its answer is lost; when the retry then
    /// finds the token gone (404 after an attempt that may have been applied), the lost attempt deleted it: that is a
    /// delete, not a failure. A 404 with no such earlier attempt is thrown (the token was not there to delete), as is
    /// every other failure.
    /// </summary>
    internal sealed class ApiTokenRemoval
    {
        private readonly ApiTokensEndpoint _endpoint;

        public ApiTokenRemoval(ApiTokensEndpoint endpoint)
        {
            _endpoint = endpoint;
        }

        public async Task<ApiTokenRemoved> DeleteAsync(string guid, IAtlanLog log, CancellationToken cancellationToken)
        {
            try
            {
                await _endpoint.DeleteAsync(guid, log, cancellationToken).ConfigureAwait(false);
                return ApiTokenRemoved.Deleted;
            }
            catch (AtlanApiException e) when (e.StatusCode == 404 && e.EarlierAttemptMayHaveApplied)
            {
                return ApiTokenRemoved.DeletedByLostAttempt;
            }
        }
    }
}
