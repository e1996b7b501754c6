using System;
using System.Threading;

namespace VCloudPS.Core.Api;

/// <summary>Limits of the request pipeline, taken from <see cref="ConnectOptions"/>.</summary>
internal sealed class PipelineSettings
{
    public const long DefaultMaxResponseBytes = 8L * 1024 * 1024;

    public RetryPolicy Retry { get; set; } = RetryPolicy.Default;

    /// <summary>Longest silence while sending a request or waiting for its response headers.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Longest silence while reading a response body.</summary>
    public TimeSpan BodyInactivityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Connection establishment (TCP and TLS); applied to the handler where the runtime allows it.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest API response body read into memory (transfers stream and are not capped here).</summary>
    public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    public string? ClientRequestIdPrefix { get; set; }

    /// <summary>The handler's certificate rule, for errors that name a refused certificate (null with a custom handler).</summary>
    public CertificateCheck? Certificates { get; set; }

    internal static TimeSpan OrInfinite(TimeSpan t) => t <= TimeSpan.Zero ? Timeout.InfiniteTimeSpan : t;
}
