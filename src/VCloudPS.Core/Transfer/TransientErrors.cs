using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using VCloudPS.Core.Api;

namespace VCloudPS.Core.Transfer;

internal static class TransientErrors
{
    /// <summary>How the retry budget should treat a transient transfer failure. Transfer requests are ranged
    /// (a repeated PUT or GET moves the same bytes), so an unknown outcome may be retried.</summary>
    public static FailureClass Classify(Exception ex) =>
        ex is RetryableStatusException { StatusCode: 429 } || FailureClassifier.IsRefused(ex) ? FailureClass.NotProcessed : FailureClass.Unknown;

    /// <summary>The wait the server asked for (Retry-After on 429/503).</summary>
    public static TimeSpan? RetryAfter(Exception ex) => (ex as RetryableStatusException)?.RetryAfter;

    /// <summary>429, 5xx (and 416 on upload, which the uploader handles): worth another attempt after a wait.</summary>
    public static RetryableStatusException? Retryable(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status != 429 && status < 500) return null;
        TimeSpan? after = null;
        var ra = response.Headers.RetryAfter;
        if (ra?.Delta != null) after = ra.Delta;
        else if (ra?.Date != null) after = ra.Date.Value > DateTimeOffset.UtcNow ? ra.Date.Value - DateTimeOffset.UtcNow : TimeSpan.Zero;
        return new RetryableStatusException(status, $"HTTP {status} {response.ReasonPhrase}") { RetryAfter = after };
    }

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
    public TransferStalledException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Writing to the local disk failed (full disk, permissions): not a network problem, never retried.</summary>
internal sealed class DestinationWriteException : IOException
{
    public DestinationWriteException(Exception inner) : base(inner.Message, inner) { }
}
