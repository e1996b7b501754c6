using System;
using System.Globalization;
using System.Net.Sockets;

namespace VCloudPS.Core.Api;

/// <summary>Sorts a failed exchange into a <see cref="FailureClass"/> and reads the server's Retry-After.</summary>
internal static class FailureClassifier
{
    public static FailureClass Classify(ApiResponse r)
    {
        if (r.TransportError != null)
        {
            if (!ErrorMapper.IsTransientTransport(r.TransportError)) return FailureClass.Permanent;
            return r.NotSent || IsRefused(r.TransportError) ? FailureClass.NotProcessed : FailureClass.Unknown;
        }
        if (r.TimedOut) return r.NotSent ? FailureClass.NotProcessed : FailureClass.Unknown;
        return ClassifyStatus(r.StatusCode, r.StatusCode == 400 ? ErrorMapper.Parse(r.Body)?.Minor : null);
    }

    public static FailureClass ClassifyStatus(int status, string? minorErrorCode = null)
    {
        if (status == 429) return FailureClass.NotProcessed;
        if (status == 400 && string.Equals(minorErrorCode, "BUSY_ENTITY", StringComparison.OrdinalIgnoreCase)) return FailureClass.Busy;
        if (status == 500 || status == 502 || status == 503 || status == 504) return FailureClass.Unknown;
        return FailureClass.Permanent;
    }

    /// <summary>Retry-After as delta-seconds or an HTTP date; null when absent or unreadable.</summary>
    public static TimeSpan? RetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds)) return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at > now ? at - now : TimeSpan.Zero;
        return null;
    }

    public static TimeSpan? RetryAfter(ApiResponse r) => RetryAfter(r.Header("Retry-After"), DateTimeOffset.UtcNow);

    /// <summary>Connection refused: the server never saw the request.</summary>
    public static bool IsRefused(Exception ex)
    {
        for (var e = ex; e != null; e = e.InnerException)
            if (e is SocketException se && se.SocketErrorCode == SocketError.ConnectionRefused) return true;
        return false;
    }

    public static string Summary(ApiResponse r) =>
        r.TransportError != null ? "connection failed (" + r.TransportError.GetType().Name + ")"
        : r.TimedOut ? "timed out waiting for " + (r.TimeoutWaitingFor ?? "the server")
        : "HTTP " + r.StatusCode;
}
