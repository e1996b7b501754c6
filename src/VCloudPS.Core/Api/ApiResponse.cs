using System;
using System.Collections.Generic;
using System.Linq;

namespace VCloudPS.Core.Api;

/// <summary>One HTTP exchange as the request pipeline saw it: status, headers and (for buffered calls) the body.</summary>
internal sealed class ApiResponse
{
    public string Method { get; set; } = "GET";
    public Uri Uri { get; set; } = null!;
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string Body { get; set; } = "";
    public Dictionary<string, List<string>> Headers { get; } = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Set when no HTTP response came back (connection refused/reset, DNS, TLS, timeout).</summary>
    public Exception? TransportError { get; set; }
    public bool TimedOut { get; set; }

    /// <summary>What the timed-out wait was for, e.g. "a connection" or "the response headers".</summary>
    public string? TimeoutWaitingFor { get; set; }

    /// <summary>The timeout that expired.</summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>Why the certificate check refused the server, when a TLS failure was that; "no TLS" when no certificate was seen.</summary>
    public string? CertificateProblem { get; set; }
    public bool TlsWithoutCertificate { get; set; }

    /// <summary>Could be sent again with an unknown outcome (by method or as the caller declared).</summary>
    public bool Idempotent { get; set; } = true;

    /// <summary>The request never reached the server (connect timeout, refused): safe to send again.</summary>
    public bool NotSent { get; set; }

    public bool IsSuccess => TransportError == null && !TimedOut && StatusCode >= 200 && StatusCode < 300;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v.FirstOrDefault() : null;

    public IEnumerable<string> HeaderValues(string name) => Headers.TryGetValue(name, out var v) ? v : Enumerable.Empty<string>();

    public void AddHeader(string name, IEnumerable<string> values)
    {
        if (!Headers.TryGetValue(name, out var list)) Headers[name] = list = new List<string>();
        list.AddRange(values);
    }

    /// <summary>Method and path for messages; the query string is kept (it never carries secrets).</summary>
    public string Describe() => $"{Method} {Uri?.PathAndQuery}";
}
