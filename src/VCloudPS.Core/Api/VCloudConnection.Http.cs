using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Newtonsoft.Json.Linq;

namespace VCloudPS.Core.Api;

public sealed partial class VCloudConnection
{
    /// <summary>Accept header of the XML API at the negotiated version.</summary>
    public string XmlAccept => "application/*+xml;version=" + ApiVersion;

    /// <summary>Accept header of the CloudAPI at the negotiated version.</summary>
    public string JsonAccept => "application/json;version=" + ApiVersion;

    /// <summary>Number of HTTP requests this connection has sent (all kinds, retries included).</summary>
    public long RequestCount => _pipeline.RequestCount;

    public async Task<XElement> GetXmlAsync(string href, CancellationToken ct)
    {
        var r = await ExecuteAsync(HttpMethod.Get, Resolve(href), XmlAccept, null, null, ct).ConfigureAwait(false);
        return ParseXmlBody(r) ?? throw new VCloudException(VCloudErrorKind.Protocol, "EmptyResponse", $"{r.Describe()} returned no body.");
    }

    public async Task<XElement?> PostXmlAsync(string href, string? contentType, XElement? body, CancellationToken ct)
    {
        var r = await ExecuteAsync(HttpMethod.Post, Resolve(href), XmlAccept, contentType, body?.ToString(SaveOptions.DisableFormatting), ct).ConfigureAwait(false);
        return ParseXmlBody(r);
    }

    public async Task<XElement?> PutXmlAsync(string href, string contentType, XElement body, CancellationToken ct)
    {
        var r = await ExecuteAsync(HttpMethod.Put, Resolve(href), XmlAccept, contentType, body.ToString(SaveOptions.DisableFormatting), ct).ConfigureAwait(false);
        return ParseXmlBody(r);
    }

    public async Task<XElement?> DeleteAsync(string href, CancellationToken ct)
    {
        var r = await ExecuteAsync(HttpMethod.Delete, Resolve(href), XmlAccept, null, null, ct).ConfigureAwait(false);
        return ParseXmlBody(r);
    }

    /// <summary>GET of a CloudAPI resource (path like /cloudapi/1.0.0/sessions/current).</summary>
    public async Task<JToken> GetCloudApiAsync(string path, CancellationToken ct)
    {
        var r = await ExecuteAsync(HttpMethod.Get, Resolve(path), JsonAccept, null, null, ct).ConfigureAwait(false);
        return JToken.Parse(string.IsNullOrWhiteSpace(r.Body) ? "null" : r.Body);
    }

    /// <summary>
    /// One streamed request through the pipeline (transfers and streamed reads): session header, one replay after a
    /// re-login on 401, timeouts; no retries (transfers resume instead). Internal: scripts get no raw access to the session.
    /// </summary>
    internal Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> requestFactory, CancellationToken ct)
    {
        ThrowIfDisposed();
        return _pipeline.SendOnceAsync(new PipelineRequest(() =>
        {
            var req = requestFactory();
            if (req.RequestUri != null) req.RequestUri = Resolve(req.RequestUri.OriginalString);
            return req;
        }), ct);
    }

    /// <summary>A GET whose body is read as a stream (capped, retried when it breaks off).</summary>
    internal Task<T> GetStreamedAsync<T>(string href, string accept, Func<HttpResponseMessage, System.IO.Stream, T> read, CancellationToken ct)
    {
        ThrowIfDisposed();
        return _pipeline.SendAndReadAsync(new PipelineRequest(HttpMethod.Get, Resolve(href), accept), read, ct);
    }

    internal Uri Resolve(string href)
    {
        if (string.IsNullOrWhiteSpace(href)) throw new ArgumentException("href is empty", nameof(href));
        if (Uri.TryCreate(href, UriKind.Absolute, out var abs) && (abs.Scheme == Uri.UriSchemeHttp || abs.Scheme == Uri.UriSchemeHttps))
        {
            // The session token must only ever go to the server we logged in to: hrefs naming another authority
            // (a different public name for the same cell) are re-based onto it.
            if (string.Equals(abs.Authority, Server.Authority, StringComparison.OrdinalIgnoreCase) && abs.Scheme == Server.Scheme) return abs;
            return new Uri(Server, abs.PathAndQuery);
        }
        return new Uri(Server, href.StartsWith("/", StringComparison.Ordinal) ? href.Substring(1) : href);
    }

    internal async Task<ApiResponse> ExecuteAsync(HttpMethod method, Uri uri, string accept, string? contentType, string? body, CancellationToken ct)
    {
        ThrowIfDisposed();
        var r = await _pipeline.SendAsync(new PipelineRequest(() =>
        {
            var m = new HttpRequestMessage(method, uri);
            m.Headers.TryAddWithoutValidation("Accept", accept);
            if (body != null) m.Content = new StringContent(body, System.Text.Encoding.UTF8);
            else if (contentType != null && method == HttpMethod.Post) m.Content = new ByteArrayContent(Array.Empty<byte>());
            if (m.Content != null)
                m.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType ?? "application/xml");
            return m;
        }), ct).ConfigureAwait(false);
        if (r.IsSuccess) return r;
        var ex = ErrorMapper.FromResponse(r, Server.Authority);
        if (r.StatusCode == 401)
            throw new VCloudException(VCloudErrorKind.Authentication, "SessionExpired",
                $"The server {Server.Authority} rejected the session even after logging in again ({r.Describe()}). Connect-VCloud again.")
            { StatusCode = 401, ServerMessage = ex.ServerMessage, Request = r.Describe() };
        throw ex;
    }

    private static XElement? ParseXmlBody(ApiResponse r)
    {
        if (string.IsNullOrWhiteSpace(r.Body)) return null;
        try
        {
            return VcdXml.Parse(r.Body);
        }
        catch (System.Xml.XmlException ex)
        {
            throw new VCloudException(VCloudErrorKind.Protocol, "InvalidResponse", $"{r.Describe()} returned a body that is not valid XML: {ex.Message}", ex);
        }
    }

    private async Task LoginAsync(CancellationToken ct)
    {
        var result = await Authenticator.LoginAsync(this, ct).ConfigureAwait(false);
        _session = result.Credentials;
        if (!string.IsNullOrEmpty(result.User)) User = result.User!;
        if (!string.IsNullOrEmpty(result.Org)) Org = result.Org!;
        IsProvider = string.Equals(Org, "System", StringComparison.OrdinalIgnoreCase);
    }

    SessionCredentials? IPipelineSession.Current => _session;
    int IPipelineSession.Generation => _sessionGeneration;
    Task IPipelineSession.RenewAsync(int seenGeneration, CancellationToken ct) => RenewSessionAsync(seenGeneration, ct);
    VCloudException IPipelineSession.NotConnected() => NotConnected();

    /// <summary>Logs in again unless another caller already did since <paramref name="seenGeneration"/>.</summary>
    private async Task<bool> RenewSessionAsync(int seenGeneration, CancellationToken ct)
    {
        await _loginLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_sessionGeneration != seenGeneration) return true;
            try
            {
                await LoginAsync(ct).ConfigureAwait(false);
            }
            catch (VCloudException ex) when (ex.Kind != VCloudErrorKind.Cancelled)
            {
                throw new VCloudException(VCloudErrorKind.Authentication, "SessionRenewalFailed",
                    $"The session on {Server.Authority} expired and logging in again failed: {ex.Message}", ex)
                { StatusCode = ex.StatusCode, MinorErrorCode = ex.MinorErrorCode, ServerMessage = ex.ServerMessage };
            }
            Interlocked.Increment(ref _sessionGeneration);
            SessionRenewals++;
            VCloudTrace.Write($"Logged in again to {Server.Authority} as {User}@{Org}.");
            return true;
        }
        finally
        {
            _loginLock.Release();
        }
    }

    // Login internals used by Authenticator.
    internal ServerApiVersion Negotiated => _negotiated;
    internal string LoginOrg => _loginOrg;
    internal string? LoginUser => _loginUser;
    internal System.Security.SecureString? Password => _password;
    internal System.Security.SecureString? ApiTokenSecret => _apiToken;
    internal void SetLoginPath(string path) => LoginPath = path;

    private void ThrowIfDisposed()
    {
        if (_disposed) throw new VCloudException(VCloudErrorKind.InvalidArgument, "ConnectionClosed", $"The connection to {Server.Authority} was disconnected. Connect-VCloud again.");
    }

    private VCloudException NotConnected() =>
        new VCloudException(VCloudErrorKind.Authentication, "NotConnected", $"Not logged in to {Server.Authority}. Connect-VCloud first.");
}
