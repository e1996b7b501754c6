using System;
using System.Net.Http;
using System.Security;

namespace VCloudPS.Core.Api;

/// <summary>
/// What <see cref="VCloudConnection.ConnectAsync"/> needs. Either <see cref="User"/> + <see cref="Password"/>
/// (user may be "user@org", or Org given separately) or <see cref="ApiToken"/> + <see cref="Org"/>.
/// Secrets stay in SecureString; the connection keeps its own copy (for re-login) and disposes it.
/// </summary>
public sealed class ConnectOptions
{
    public Uri Server { get; set; } = null!;
    public string? User { get; set; }
    public SecureString? Password { get; set; }
    public string? Org { get; set; }
    public SecureString? ApiToken { get; set; }
    public bool SkipCertificateCheck { get; set; }

    /// <summary>Accept exactly the certificate with this SHA-256 thumbprint (hex, colons allowed), trusted or not, and no other.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>Force this API version (e.g. "37.0"); it must be offered by the server and known to the client.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>Longest silence while sending a request or waiting for its response headers (default 100 s).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Establishing a connection, TCP and TLS (default 30 s).</summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>Longest silence while a response body arrives, API or download (default 60 s).</summary>
    public TimeSpan? InactivityTimeout { get; set; }

    /// <summary>Wait for a vCD task when a cmdlet gives none (null: each cmdlet's own default).</summary>
    public TimeSpan? TaskTimeout { get; set; }

    /// <summary>Largest API response body read into memory (default 8 MiB; transfers stream and are not capped here).</summary>
    public long? MaxResponseBytes { get; set; }

    /// <summary>Retry behaviour for transient failures; <see cref="RetryPolicy.Default"/> when null.</summary>
    public RetryPolicy? RetryPolicy { get; set; }

    /// <summary>
    /// Replaces the HTTP handler (tests use a fake one). When set, <see cref="SkipCertificateCheck"/> is not applied
    /// and the connection does not dispose the handler.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Optional value sent as X-VMWARE-VCLOUD-CLIENT-REQUEST-ID prefix for log correlation.</summary>
    public string? ClientRequestIdPrefix { get; set; }
}
