using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Newtonsoft.Json.Linq;
using RestSharp;

namespace VCloudPS.Core.Api
{
    public sealed partial class VCloudConnection
    {
        private string? _clientRequestIdPrefix;
        private long _requestCounter;

        /// <summary>Accept header of the XML API at the negotiated version.</summary>
        public string XmlAccept => "application/*+xml;version=" + ApiVersion;

        /// <summary>Accept header of the CloudAPI at the negotiated version.</summary>
        public string JsonAccept => "application/json;version=" + ApiVersion;

        /// <summary>Number of HTTP requests this connection has sent (all kinds, retries included).</summary>
        public long RequestCount => Interlocked.Read(ref _requestCounter);

        public async Task<XElement> GetXmlAsync(string href, CancellationToken ct)
        {
            var r = await ExecuteAsync(Method.Get, Resolve(href), XmlAccept, null, null, idempotent: true, ct).ConfigureAwait(false);
            return ParseXmlBody(r) ?? throw new VCloudException(VCloudErrorKind.Protocol, "EmptyResponse", $"{r.Describe()} returned no body.");
        }

        public async Task<XElement?> PostXmlAsync(string href, string? contentType, XElement? body, CancellationToken ct)
        {
            var r = await ExecuteAsync(Method.Post, Resolve(href), XmlAccept, contentType, body?.ToString(SaveOptions.DisableFormatting), idempotent: false, ct).ConfigureAwait(false);
            return ParseXmlBody(r);
        }

        public async Task<XElement?> PutXmlAsync(string href, string contentType, XElement body, CancellationToken ct)
        {
            var r = await ExecuteAsync(Method.Put, Resolve(href), XmlAccept, contentType, body.ToString(SaveOptions.DisableFormatting), idempotent: true, ct).ConfigureAwait(false);
            return ParseXmlBody(r);
        }

        public async Task<XElement?> DeleteAsync(string href, CancellationToken ct)
        {
            var r = await ExecuteAsync(Method.Delete, Resolve(href), XmlAccept, null, null, idempotent: true, ct).ConfigureAwait(false);
            return ParseXmlBody(r);
        }

        /// <summary>GET of a CloudAPI resource (path like /cloudapi/1.0.0/sessions/current).</summary>
        public async Task<JToken> GetCloudApiAsync(string path, CancellationToken ct)
        {
            var r = await ExecuteAsync(Method.Get, Resolve(path), JsonAccept, null, null, idempotent: true, ct).ConfigureAwait(false);
            return JToken.Parse(string.IsNullOrWhiteSpace(r.Body) ? "null" : r.Body);
        }

        /// <summary>
        /// Raw request on the connection's handler, auth header added (and Accept when the factory set none).
        /// No retries; a 401 renews the session once and replays a freshly created request.
        /// </summary>
        public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> requestFactory, HttpCompletionOption completion, CancellationToken ct)
        {
            ThrowIfDisposed();
            for (int pass = 0; ; pass++)
            {
                int gen = _sessionGeneration;
                var req = requestFactory();
                if (req.RequestUri != null) req.RequestUri = Resolve(req.RequestUri.OriginalString);
                var s = _session ?? throw NotConnected();
                req.Headers.Remove(s.HeaderName);
                req.Headers.TryAddWithoutValidation(s.HeaderName, s.HeaderValue);
                if (!req.Headers.Accept.Any()) req.Headers.TryAddWithoutValidation("Accept", XmlAccept);
                AddClientRequestId(req);
                Interlocked.Increment(ref _requestCounter);
                var sw = Stopwatch.StartNew();
                HttpResponseMessage resp;
                try
                {
                    resp = await _http.SendAsync(req, completion, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested && (ex is HttpRequestException || ex is System.IO.IOException || ex is TaskCanceledException))
                {
                    var info = new ApiResponse { Method = req.Method.Method, Uri = req.RequestUri! };
                    if (ex is TaskCanceledException) { info.TimedOut = true; throw ErrorMapper.FromResponse(info, Server.Authority); }
                    _serverUnreachable = !ErrorMapper.IsCertificateFailure(ex);
                    throw ErrorMapper.FromTransport(ex, info, Server.Authority);
                }
                _serverUnreachable = false;
                VCloudTrace.Write($"{req.Method} {req.RequestUri?.PathAndQuery} -> {(int)resp.StatusCode} ({sw.ElapsedMilliseconds} ms)");
                if ((int)resp.StatusCode == 401 && pass == 0)
                {
                    resp.Dispose();
                    await RenewSessionAsync(gen, ct).ConfigureAwait(false);
                    continue;
                }
                return resp;
            }
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

        internal async Task<ApiResponse> ExecuteAsync(Method method, Uri uri, string accept, string? contentType, string? body, bool idempotent, CancellationToken ct)
        {
            ThrowIfDisposed();
            int generation = 0;
            var r = await RetryRunner.RunAsync(
                async token =>
                {
                    generation = _sessionGeneration;
                    return await SendRestOnceAsync(method, uri, accept, contentType, body, token).ConfigureAwait(false);
                },
                _retry, idempotent, ct,
                async (_, token) => await RenewSessionAsync(generation, token).ConfigureAwait(false)).ConfigureAwait(false);
            if (r.IsSuccess) return r;
            var ex = ErrorMapper.FromResponse(r, Server.Authority);
            if (r.StatusCode == 401)
                throw new VCloudException(VCloudErrorKind.Authentication, "SessionExpired",
                    $"The server {Server.Authority} rejected the session even after logging in again ({r.Describe()}). Connect-VCloud again.")
                { StatusCode = 401, ServerMessage = ex.ServerMessage, Request = r.Describe() };
            throw ex;
        }

        private async Task<ApiResponse> SendRestOnceAsync(Method method, Uri uri, string accept, string? contentType, string? body, CancellationToken ct)
        {
            var s = _session ?? throw NotConnected();
            var req = new RestRequest(uri, method);
            req.AddHeader("Accept", accept);
            req.AddHeader(s.HeaderName, s.HeaderValue);
            string? requestId = NextClientRequestId();
            if (requestId != null) req.AddHeader("X-VMWARE-VCLOUD-CLIENT-REQUEST-ID", requestId);
            if (body != null) req.AddStringBody(body, contentType ?? "application/xml");
            else if (contentType != null && method == Method.Post) req.AddStringBody("", contentType);

            Interlocked.Increment(ref _requestCounter);
            var sw = Stopwatch.StartNew();
            RestResponse resp;
            try
            {
                resp = await _rest.ExecuteAsync(req, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                _serverUnreachable = !ErrorMapper.IsCertificateFailure(ex);
                return new ApiResponse { Method = method.ToString().ToUpperInvariant(), Uri = uri, TransportError = ex };
            }
            ct.ThrowIfCancellationRequested();
            var r = ToApiResponse(resp, method, uri);
            _serverUnreachable = r.TransportError != null && !ErrorMapper.IsCertificateFailure(r.TransportError);
            VCloudTrace.Write($"{r.Describe()} -> {RetryRunner.Summary(r)} ({sw.ElapsedMilliseconds} ms)");
            return r;
        }

        private static ApiResponse ToApiResponse(RestResponse resp, Method method, Uri uri)
        {
            var r = new ApiResponse { Method = method.ToString().ToUpperInvariant(), Uri = uri, StatusCode = (int)resp.StatusCode, ContentType = resp.ContentType, Body = resp.Content ?? "" };
            if (resp.StatusCode == 0)
            {
                if (resp.ResponseStatus == ResponseStatus.TimedOut || resp.ErrorException is OperationCanceledException) r.TimedOut = true;
                else r.TransportError = resp.ErrorException ?? new HttpRequestException(resp.ErrorMessage ?? "no response");
            }
            if (resp.Headers != null)
                foreach (var h in resp.Headers) if (h.Name != null) r.AddHeader(h.Name, new[] { h.Value?.ToString() ?? "" });
            if (resp.ContentHeaders != null)
                foreach (var h in resp.ContentHeaders) if (h.Name != null) r.AddHeader(h.Name, new[] { h.Value?.ToString() ?? "" });
            return r;
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

        private string? NextClientRequestId()
        {
            if (string.IsNullOrEmpty(_clientRequestIdPrefix)) return null;
            return _clientRequestIdPrefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 12);
        }

        private void AddClientRequestId(HttpRequestMessage req)
        {
            var id = NextClientRequestId();
            if (id != null) req.Headers.TryAddWithoutValidation("X-VMWARE-VCLOUD-CLIENT-REQUEST-ID", id);
        }

        private async Task LoginAsync(CancellationToken ct)
        {
            var result = await Authenticator.LoginAsync(this, ct).ConfigureAwait(false);
            _session = result.Credentials;
            if (!string.IsNullOrEmpty(result.User)) User = result.User!;
            if (!string.IsNullOrEmpty(result.Org)) Org = result.Org!;
            IsProvider = string.Equals(Org, "System", StringComparison.OrdinalIgnoreCase);
        }

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
        internal HttpClient Http => _http;
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
}
