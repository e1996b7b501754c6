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
            if (ex is VCloudException v)   // VCloudConnection.SendAsync maps resets and timeouts to these
                return (v.Kind == VCloudErrorKind.Connection && v.ErrorId != "CertificateInvalid") || v.Kind == VCloudErrorKind.Timeout;
            return ex is HttpRequestException || ex is RetryableStatusException || ex is OperationCanceledException
                || (ex is IOException && !(ex is DestinationWriteException));
        }
    }

    /// <summary>Writing to the local disk failed (full disk, permissions): not a network problem, never retried.</summary>
    internal sealed class DestinationWriteException : IOException
    {
        public DestinationWriteException(Exception inner) : base(inner.Message, inner) { }
    }
}
