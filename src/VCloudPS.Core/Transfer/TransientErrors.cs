using System;
using System.IO;
using System.Net.Http;
using System.Threading;

namespace VCloudPS.Core.Transfer
{
    internal static class TransientErrors
    {
        /// <summary>Dropped connections, resets, timeouts and retryable statuses; never the caller's cancellation.</summary>
        public static bool IsTransient(Exception ex, CancellationToken ct)
        {
            if (ct.IsCancellationRequested) return false;
            // 3xx/4xx on a transfer URL are permanent (gone, moved, forbidden): retrying cannot help.
            if (ex is TransferException { StatusCode: int status } && status < 500 && status != 416) return false;
            if (ex is VCloudException v)   // VCloudConnection.SendAsync maps resets and timeouts to these
                return (v.Kind == VCloudErrorKind.Connection && v.ErrorId != "CertificateInvalid") || v.Kind == VCloudErrorKind.Timeout;
            return ex is HttpRequestException || ex is RetryableStatusException || ex is OperationCanceledException
                || (ex is IOException && !(ex is DestinationWriteException));
        }
    }

    /// <summary>A response body sent nothing for longer than the inactivity timeout.</summary>
    internal sealed class TransferStalledException : IOException
    {
        public TransferStalledException(string message) : base(message) { }
    }

    /// <summary>Writing to the local disk failed (full disk, permissions): not a network problem, never retried.</summary>
    internal sealed class DestinationWriteException : IOException
    {
        public DestinationWriteException(Exception inner) : base(inner.Message, inner) { }
    }
}
