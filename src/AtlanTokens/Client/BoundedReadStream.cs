using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AtlanTokens.Client
{
    /// <summary>
    /// A read-only view of a response body that fails once more than a set number of bytes has been read. It sits on
    /// top of the decompressing stream, so the count is of bytes after gzip/deflate: a small compressed answer that
    /// inflates without end (a decompression bomb) is stopped at the cap, and memory stays bounded by what the reader
    /// keeps of at most that many bytes.
    /// </summary>
    internal sealed class BoundedReadStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _limit;
        private readonly Func<Exception> _tooLarge;
        private long _read;

        public BoundedReadStream(Stream inner, long limit, Func<Exception> tooLarge)
        {
            _inner = inner;
            _limit = limit;
            _tooLarge = tooLarge;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
            => Count(_inner.Read(buffer, offset, Allowed(count)));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Count(await _inner.ReadAsync(buffer, offset, Allowed(count), cancellationToken).ConfigureAwait(false));

        /// <summary>Asks for at most one byte beyond the cap, so going over it is seen without reading much further.</summary>
        private int Allowed(int count)
        {
            long left = _limit - _read + 1;
            return left <= 0 ? 1 : (int)Math.Min(count, left);
        }

        private int Count(int read)
        {
            _read += read;
            if (_read > _limit)
            {
                throw _tooLarge();
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
