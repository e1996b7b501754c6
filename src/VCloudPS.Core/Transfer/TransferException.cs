using System;

namespace VCloudPS.Core.Transfer
{
    /// <summary>A download or upload failed for good (after retries, or for a reason retrying cannot fix).</summary>
    public sealed class TransferException : Exception
    {
        public TransferException(string errorId, string message, int? statusCode = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            StatusCode = statusCode;
        }

        /// <summary>E.g. <c>DownloadFailed</c>, <c>DownloadSizeMismatch</c>, <c>UploadFailed</c>, <c>UploadRangeRejected</c>.</summary>
        public string ErrorId { get; }
        public int? StatusCode { get; }
    }

    /// <summary>An HTTP status worth retrying (5xx, 416 on upload): internal signal between attempts.</summary>
    internal sealed class RetryableStatusException : Exception
    {
        public RetryableStatusException(int status, string message) : base(message) { StatusCode = status; }
        public int StatusCode { get; }
    }
}
