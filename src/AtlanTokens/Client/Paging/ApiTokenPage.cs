using System.Collections.Generic;
using AtlanTokens.Model;

namespace AtlanTokens.Client
{
    internal sealed class ApiTokenPage
    {
        public ApiTokenPage(List<ApiToken> records, long? totalRecord, long? filterRecord)
        {
            Records = records;
            TotalRecord = totalRecord;
            FilterRecord = filterRecord;
        }

        public List<ApiToken> Records { get; }

        public long? TotalRecord { get; }

        public long? FilterRecord { get; }

        /// <summary>Records of this page that could not be read (each is reported on its own; the others are in Records).</summary>
        public IReadOnlyList<AtlanRecordException> BadRecords { get; set; } = System.Array.Empty<AtlanRecordException>();
    }
}
