using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Newtonsoft.Json.Linq;

namespace VCloudPS.Core.Api;

/// <summary>Turns failed responses and transport exceptions into <see cref="VCloudException"/>s.</summary>
internal static class ErrorMapper
{
    private static readonly Regex RequestIdPrefix = new Regex(@"^\s*\[\s*[^\]]*\]\s*", RegexOptions.Compiled);

    internal sealed class ParsedError
    {
        public int? Major;
        public string? Minor;
        public string? Message;
    }

    /// <summary>Reads vCD's Error element, CloudAPI JSON errors and OAuth errors; null for empty/unknown bodies.</summary>
    public static ParsedError? Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        string t = body!.TrimStart();
        try
        {
            if (t.StartsWith("<", StringComparison.Ordinal))
            {
                var root = VcdXml.Parse(t);
                var err = root.Name.LocalName == "Error" ? root : root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
                if (err == null) return null;
                return new ParsedError { Major = err.AttrInt("majorErrorCode"), Minor = err.Attr("minorErrorCode"), Message = err.Attr("message") };
            }
            if (t.StartsWith("{", StringComparison.Ordinal))
            {
                var o = JObject.Parse(t);
                string? minor = (string?)o["minorErrorCode"] ?? (string?)o["error"];
                string? msg = (string?)o["message"] ?? (string?)o["error_description"];
                if (minor == null && msg == null) return null;
                return new ParsedError { Major = (int?)o["majorErrorCode"], Minor = minor, Message = msg };
            }
        }
        catch (Exception)
        {
            // Not a parseable error body: fall back to the status code.
        }
        return null;
    }

    public static string StripRequestId(string message) => RequestIdPrefix.Replace(message, "");

    /// <summary>Entity noun of an API path, for ErrorIds like VAppNotFound.</summary>
    public static string NounOf(Uri uri)
    {
        string p = uri.AbsolutePath;
        if (p.Contains("/vApp/vm-")) return "Vm";
        if (p.Contains("/vApp/")) return "VApp";
        if (p.Contains("/vAppTemplate/")) return "VAppTemplate";
        if (p.Contains("/vdc/")) return "Vdc";
        if (p.Contains("/org/")) return "Org";
        if (p.Contains("/catalogItem/")) return "CatalogItem";
        if (p.Contains("/catalog/")) return "Catalog";
        if (p.Contains("/task/")) return "Task";
        if (p.Contains("/media/")) return "Media";
        if (p.Contains("/network/")) return "Network";
        return "Entity";
    }

    public static VCloudException FromResponse(ApiResponse r, string server)
    {
        if (r.TransportError != null) return FromTransport(r.TransportError, r, server);
        if (r.TimedOut) return TimedOut(r, server);

        var parsed = Parse(r.Body);
        string? serverMessage = parsed?.Message;
        string? minor = parsed?.Minor;
        string shown = serverMessage != null ? StripRequestId(serverMessage) : $"HTTP {r.StatusCode}";
        string noun = NounOf(r.Uri);
        VCloudErrorKind kind;
        string id;
        string message;
        switch (r.StatusCode)
        {
            case 400 when string.Equals(minor, "BUSY_ENTITY", StringComparison.OrdinalIgnoreCase):
                kind = VCloudErrorKind.Busy; id = "EntityBusy";
                message = $"The {noun} is busy with another operation: {shown}";
                break;
            case 400 when serverMessage != null && serverMessage.IndexOf("Stop the vApp", StringComparison.OrdinalIgnoreCase) >= 0:
                kind = VCloudErrorKind.Conflict; id = noun + "Deployed";
                message = $"{shown} (the {noun} is still deployed: undeploy it first, e.g. Stop-VApp -Undeploy).";
                break;
            case 400:
                kind = VCloudErrorKind.InvalidArgument; id = "BadRequest";
                message = $"The server rejected {r.Describe()}: {shown}";
                break;
            case 401:
                kind = VCloudErrorKind.Authentication; id = "NotAuthenticated";
                message = $"Not authenticated on {server} (session missing or expired): {shown}";
                break;
            case 403 when string.Equals(minor, "ACCESS_TO_RESOURCE_IS_FORBIDDEN", StringComparison.OrdinalIgnoreCase) || minor == null:
                kind = VCloudErrorKind.NotFound; id = noun + "NotFound";
                message = $"The {noun} {TargetOf(r.Uri)}does not exist or you have no access to it. Server said: {shown}";
                break;
            case 403:
                kind = VCloudErrorKind.PermissionDenied; id = "AccessDenied";
                message = $"Access denied for {r.Describe()}: {shown}";
                break;
            case 404:
                kind = VCloudErrorKind.NotFound; id = noun + "NotFound";
                message = $"{r.Describe()} was not found on {server}: {shown}";
                break;
            case 406:
                kind = VCloudErrorKind.Protocol; id = "ApiVersionNotAccepted";
                message = $"The server did not accept the requested API version: {shown}";
                break;
            case 409:
                kind = VCloudErrorKind.Conflict; id = "EntityStateConflict";
                message = $"The {noun} is in a state that does not allow {r.Method}: {shown}";
                break;
            case 429:
                kind = VCloudErrorKind.Busy; id = "RateLimited";
                message = $"The server {server} kept refusing {r.Describe()} with HTTP 429 (too many requests) and the retries ran out. Lower -ThrottleLimit or try again later.";
                break;
            case 415:
                kind = VCloudErrorKind.Protocol; id = "UnsupportedMediaType";
                message = $"The server rejected the request body type for {r.Describe()}: {shown}";
                break;
            case 416:
                kind = VCloudErrorKind.Protocol; id = "RangeNotSatisfiable";
                message = $"The server rejected the byte range for {r.Describe()}.";
                break;
            default:
                if (r.StatusCode >= 500)
                {
                    kind = VCloudErrorKind.Connection; id = "ServerError";
                    message = $"Server {server} failed {r.Describe()} with HTTP {r.StatusCode}: {shown}";
                }
                else
                {
                    kind = VCloudErrorKind.Protocol; id = "UnexpectedResponse";
                    message = $"Unexpected HTTP {r.StatusCode} for {r.Describe()}: {shown}";
                }
                break;
        }
        return new VCloudException(kind, id, message)
        {
            StatusCode = r.StatusCode,
            MinorErrorCode = minor,
            ServerMessage = serverMessage,
            Request = r.Describe(),
        };
    }

    /// <summary>Says what was waited for, which setting sets the wait and, when the request may have acted on the
    /// server, that it was not sent again and where to look for its task.</summary>
    public static VCloudException TimedOut(ApiResponse r, string server)
    {
        bool connecting = r.TimeoutWaitingFor == "a connection";
        var sb = new System.Text.StringBuilder();
        sb.Append($"{r.Describe()} on {server} timed out after {r.Timeout.TotalSeconds:0.#} s waiting for {r.TimeoutWaitingFor ?? "the server"}");
        sb.Append(connecting ? " (Connect-VCloud -ConnectTimeoutSec sets this wait)." : " (Connect-VCloud -TimeoutSec sets this wait).");
        if (!r.Idempotent && !r.NotSent)
        {
            var entity = EntityOfAction(r.Uri);
            sb.Append(" The server may have started the operation, so it was not sent again: before retrying, look for its task");
            sb.Append(entity != null ? $" (the entity's recent tasks: GET /api/query?type=task&filter=object=={entity})." : " (Recent Tasks in the portal).");
        }
        return new VCloudException(VCloudErrorKind.Timeout, connecting ? "ConnectTimedOut" : "RequestTimedOut", sb.ToString()) { Request = r.Describe() };
    }

    /// <summary>The entity an action URL belongs to: https://h/api/vApp/vapp-1/action/cloneVApp -> https://h/api/vApp/vapp-1.</summary>
    public static string? EntityOfAction(Uri uri)
    {
        var path = uri.AbsolutePath;
        foreach (var marker in new[] { "/power/action/", "/action/" })
        {
            int i = path.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (i > 0) return uri.GetLeftPart(UriPartial.Authority) + path.Substring(0, i);
        }
        return null;
    }

    private static string TargetOf(Uri uri)
    {
        var last = uri.AbsolutePath.TrimEnd('/').Split('/').LastOrDefault();
        return string.IsNullOrEmpty(last) ? "" : last + " ";
    }

    public static VCloudException FromTransport(Exception ex, ApiResponse? r, string server)
    {
        string what = r != null ? r.Describe() + " " : "";
        if (IsCertificateFailure(ex) && r?.CertificateProblem != null)
            return new VCloudException(VCloudErrorKind.Connection, "CertificateInvalid",
                $"The TLS certificate of {server} is not trusted: {r.CertificateProblem}. If this is the server's certificate, pin it with -CertificateThumbprint, " +
                "or trust its issuer on this machine; -SkipCertificateCheck turns the check off (only for servers you trust).", ex)
            { Request = r.Describe() };
        if (IsCertificateFailure(ex) && r != null && r.TlsWithoutCertificate)
            return new VCloudException(VCloudErrorKind.Connection, "ServerNotTls",
                $"{server} does not speak TLS on this port: the TLS handshake failed before the server sent a certificate ({Innermost(ex).Message}). " +
                "Check the port, or use http:// for a local simulator.", ex)
            { Request = r.Describe() };
        if (IsCertificateFailure(ex))
            return new VCloudException(VCloudErrorKind.Connection, "CertificateInvalid",
                $"The TLS certificate of {server} is not trusted ({Innermost(ex).Message}). Fix the certificate, or connect with -SkipCertificateCheck if you trust this server.", ex)
            { Request = r?.Describe() };
        return new VCloudException(VCloudErrorKind.Connection, "ServerUnreachable",
            $"Cannot reach server {server}: {what}failed: {Innermost(ex).Message}", ex)
        { Request = r?.Describe() };
    }

    public static bool IsCertificateFailure(Exception ex)
    {
        for (var e = ex; e != null; e = e.InnerException)
            if (e is AuthenticationException) return true;
        return false;
    }

    public static bool IsHostNotFound(Exception ex)
    {
        for (var e = ex; e != null; e = e.InnerException)
            if (e is SocketException se && (se.SocketErrorCode == SocketError.HostNotFound || se.SocketErrorCode == SocketError.NoData))
                return true;
        return false;
    }

    /// <summary>Transport failures worth another attempt: resets, refused/dropped connections, IO errors.</summary>
    public static bool IsTransientTransport(Exception ex) => !IsCertificateFailure(ex) && !IsHostNotFound(ex) &&
        (ex is System.Net.Http.HttpRequestException || ex is IOException || ex is SocketException || ex.InnerException is IOException);

    private static Exception Innermost(Exception ex)
    {
        var e = ex;
        while (e.InnerException != null) e = e.InnerException;
        return e;
    }
}
