using System;

namespace VCloudPS.Core.Transfer;

/// <summary>A download or upload failed for good (after retries, or for a reason retrying cannot fix).</summary>
public sealed class TransferException : VCloudException
{
    public TransferException(string errorId, string message, int? statusCode = null, Exception? inner = null)
        : base(KindOf(errorId), errorId, message, inner)
    {
        StatusCode = statusCode;
    }

    /// <summary>ErrorIds: <c>DownloadFailed</c>, <c>DownloadForbidden</c>, <c>DownloadSizeMismatch</c>,
    /// <c>DownloadRangeMismatch</c>, <c>DownloadWriteFailed</c>, <c>DownloadStalled</c>, <c>DownloadTooLarge</c>, <c>UploadFailed</c>, <c>UploadForbidden</c>, <c>UploadRangeRejected</c>.</summary>
    private static VCloudErrorKind KindOf(string errorId) => errorId switch
    {
        "DownloadForbidden" or "UploadForbidden" => VCloudErrorKind.PermissionDenied,
        "DownloadSizeMismatch" or "DownloadRangeMismatch" or "UploadRangeRejected" or "DownloadTooLarge" => VCloudErrorKind.Protocol,
        "DownloadStalled" => VCloudErrorKind.Timeout,
        "DownloadWriteFailed" => VCloudErrorKind.InvalidArgument,
        _ => VCloudErrorKind.Connection,
    };
}

/// <summary>An HTTP status worth retrying (429, 5xx, 416 on upload): internal signal between attempts.</summary>
internal sealed class RetryableStatusException : Exception
{
    public RetryableStatusException(int status, string message) : base(message) { StatusCode = status; }
    public int StatusCode { get; }
    public TimeSpan? RetryAfter { get; set; }
}
