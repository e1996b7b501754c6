using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace VCloudPS.Core.Api;

/// <summary>
/// Version discovery, login (password via CloudAPI or legacy /api/sessions; API token via the OAuth refresh grant)
/// and logout, through the request pipeline without its session header (these requests carry their own).
/// </summary>
internal static class Authenticator
{
    internal sealed class LoginResult
    {
        public SessionCredentials Credentials = null!;
        public string? User;
        public string? Org;
    }

    public static async Task<IReadOnlyList<ServerApiVersion>> GetVersionsAsync(RequestPipeline pipeline, Uri server, CancellationToken ct)
    {
        var uri = new Uri(server, "api/versions");
        ApiResponse r;
        try
        {
            r = await pipeline.SendAsync(new PipelineRequest(HttpMethod.Get, uri, "application/*+xml") { Authenticate = false }, ct).ConfigureAwait(false);
        }
        catch (VCloudException ex) when (ex.ErrorId == "ResponseTooLarge")
        {
            throw new VCloudException(VCloudErrorKind.Protocol, "ServerNotVCloud",
                $"{server.Authority} did not answer GET /api/versions like a vCloud Director server: {ex.Message}", ex);
        }
        if (!r.IsSuccess)
        {
            if (r.TransportError != null || r.TimedOut) throw ErrorMapper.FromResponse(r, server.Authority);
            var inner = ErrorMapper.FromResponse(r, server.Authority);
            throw new VCloudException(inner.Kind == VCloudErrorKind.NotFound ? VCloudErrorKind.Connection : inner.Kind, "ServerNotVCloud",
                $"{server.Authority} did not answer GET /api/versions like a vCloud Director server: {inner.Message}", inner)
            { StatusCode = inner.StatusCode };
        }
        try
        {
            var list = ApiVersionNegotiator.ParseVersions(VcdXml.Parse(r.Body));
            if (list.Count == 0) throw new FormatException("no VersionInfo elements");
            return list;
        }
        catch (Exception ex) when (!(ex is VCloudException))
        {
            throw new VCloudException(VCloudErrorKind.Protocol, "ServerNotVCloud", $"{server.Authority} answered /api/versions with something that is not a vCD version list ({ex.Message}).", ex);
        }
    }

    public static async Task<LoginResult> LoginAsync(VCloudConnection c, CancellationToken ct)
    {
        return c.ApiTokenSecret != null ? await TokenLoginAsync(c, ct).ConfigureAwait(false) : await PasswordLoginAsync(c, ct).ConfigureAwait(false);
    }

    private static async Task<LoginResult> PasswordLoginAsync(VCloudConnection c, CancellationToken ct)
    {
        var v = c.Negotiated;
        bool provider = string.Equals(c.LoginOrg, "System", StringComparison.OrdinalIgnoreCase);
        string? url = provider && !string.IsNullOrEmpty(v.ProviderLoginUrl) ? v.ProviderLoginUrl : v.LoginUrl;
        string path = PathOf(url) ?? (v.Version >= ApiVersionNumber.Parse("33.0")
            ? (provider ? "/cloudapi/1.0.0/sessions/provider" : "/cloudapi/1.0.0/sessions")
            : "/api/sessions");
        bool cloudApi = path.IndexOf("/cloudapi/", StringComparison.OrdinalIgnoreCase) >= 0;
        var uri = c.Resolve(path);
        c.SetLoginPath(path);
        string userAtOrg = c.LoginUser + "@" + c.LoginOrg;

        // A login creates a session and changes nothing else: sending it again is harmless.
        var r = await c.Pipeline.SendAsync(new PipelineRequest(() =>
        {
            var m = new HttpRequestMessage(HttpMethod.Post, uri);
            m.Headers.TryAddWithoutValidation("Authorization", SecretBytes.BasicAuthorization(userAtOrg, c.Password!));
            m.Headers.TryAddWithoutValidation("Accept", cloudApi ? c.JsonAccept : c.XmlAccept);
            return m;
        }) { Authenticate = false, Idempotent = true }, ct).ConfigureAwait(false);

        if (r.StatusCode == 401 || r.StatusCode == 403)
            throw new VCloudException(VCloudErrorKind.Authentication, "LoginFailed",
                $"Login to {c.Server.Authority} as {userAtOrg} failed: wrong user, password or organization.")
            { StatusCode = r.StatusCode, ServerMessage = ErrorMapper.Parse(r.Body)?.Message, Request = r.Describe() };
        if (!r.IsSuccess) throw ErrorMapper.FromResponse(r, c.Server.Authority);

        string? jwt = r.Header("X-VMWARE-VCLOUD-ACCESS-TOKEN");
        string? legacy = r.Header("x-vcloud-authorization");
        SessionCredentials creds;
        if (!string.IsNullOrEmpty(jwt)) creds = new SessionCredentials("Authorization", "Bearer " + jwt, cloudApi);
        else if (!string.IsNullOrEmpty(legacy)) creds = new SessionCredentials("x-vcloud-authorization", legacy!, cloudApi);
        else throw new VCloudException(VCloudErrorKind.Protocol, "LoginTokenMissing", $"Login to {c.Server.Authority} succeeded but the server sent no session token header.");

        var result = new LoginResult { Credentials = creds, User = c.LoginUser, Org = c.LoginOrg };
        ReadSessionBody(r.Body, result);
        return result;
    }

    private static async Task<LoginResult> TokenLoginAsync(VCloudConnection c, CancellationToken ct)
    {
        bool provider = string.Equals(c.LoginOrg, "System", StringComparison.OrdinalIgnoreCase);
        string path = provider ? "/oauth/provider/token" : "/oauth/tenant/" + Uri.EscapeDataString(c.LoginOrg) + "/token";
        var uri = c.Resolve(path);
        c.SetLoginPath(path);
        var r = await c.Pipeline.SendAsync(new PipelineRequest(() =>
        {
            var m = new HttpRequestMessage(HttpMethod.Post, uri);
            var form = SecretBytes.RefreshTokenForm(c.ApiTokenSecret!);
            m.Content = new ByteArrayContent(form);
            m.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
            m.Headers.TryAddWithoutValidation("Accept", "application/json");
            return m;
        }) { Authenticate = false, Idempotent = true }, ct).ConfigureAwait(false);

        if (r.StatusCode == 400 || r.StatusCode == 401 || r.StatusCode == 403)
        {
            var p = ErrorMapper.Parse(r.Body);
            string detail = p?.Minor != null || p?.Message != null ? $" Server said: {string.Join(": ", new[] { p?.Minor, p?.Message }.Where(x => !string.IsNullOrEmpty(x)))}" : "";
            throw new VCloudException(VCloudErrorKind.Authentication, "ApiTokenRejected",
                $"API token login to {c.Server.Authority} for organization {c.LoginOrg} failed: the token is expired, revoked or not valid for that organization.{detail}")
            { StatusCode = r.StatusCode, MinorErrorCode = p?.Minor, ServerMessage = p?.Message, Request = r.Describe() };
        }
        if (!r.IsSuccess) throw ErrorMapper.FromResponse(r, c.Server.Authority);

        string? access;
        try { access = (string?)JObject.Parse(r.Body)["access_token"]; }
        catch (Exception ex) { throw new VCloudException(VCloudErrorKind.Protocol, "InvalidResponse", $"The token endpoint of {c.Server.Authority} returned no JSON ({ex.GetType().Name}).", ex); }
        if (string.IsNullOrEmpty(access))
            throw new VCloudException(VCloudErrorKind.Protocol, "LoginTokenMissing", $"The token endpoint of {c.Server.Authority} returned no access_token.");

        var result = new LoginResult { Credentials = new SessionCredentials("Authorization", "Bearer " + access, cloudApi: true), Org = c.LoginOrg };
        await ReadCurrentSessionAsync(c, result, ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>Who the token belongs to: CloudAPI sessions/current, else the legacy /api/session.</summary>
    private static async Task ReadCurrentSessionAsync(VCloudConnection c, LoginResult result, CancellationToken ct)
    {
        foreach (var (path, accept) in new[] { ("/cloudapi/1.0.0/sessions/current", c.JsonAccept), ("/api/session", c.XmlAccept) })
        {
            var uri = c.Resolve(path);
            var r = await c.Pipeline.SendAsync(new PipelineRequest(() =>
            {
                var m = new HttpRequestMessage(HttpMethod.Get, uri);
                m.Headers.TryAddWithoutValidation(result.Credentials.HeaderName, result.Credentials.HeaderValue);
                m.Headers.TryAddWithoutValidation("Accept", accept);
                return m;
            }) { Authenticate = false }, ct).ConfigureAwait(false);
            if (r.StatusCode == 401)
                throw new VCloudException(VCloudErrorKind.Authentication, "ApiTokenRejected",
                    $"The access token issued by {c.Server.Authority} for organization {c.LoginOrg} was not accepted.") { StatusCode = 401 };
            if (r.IsSuccess && ReadSessionBody(r.Body, result)) return;
        }
    }

    /// <summary>User and org from a CloudAPI JSON Session or an XML Session element.</summary>
    private static bool ReadSessionBody(string body, LoginResult result)
    {
        if (string.IsNullOrWhiteSpace(body)) return false;
        try
        {
            string t = body.TrimStart();
            if (t.StartsWith("{", StringComparison.Ordinal))
            {
                var o = JObject.Parse(t);
                string? user = (string?)o.SelectToken("user.name");
                string? org = (string?)o.SelectToken("org.name");
                if (!string.IsNullOrEmpty(user)) result.User = user;
                if (!string.IsNullOrEmpty(org)) result.Org = org;
                return user != null;
            }
            if (t.StartsWith("<", StringComparison.Ordinal))
            {
                var s = VcdXml.Parse(t);
                if (s.Name.LocalName != "Session") return false;
                if (!string.IsNullOrEmpty(s.Attr("user"))) result.User = s.Attr("user");
                if (!string.IsNullOrEmpty(s.Attr("org"))) result.Org = s.Attr("org");
                return true;
            }
        }
        catch (Exception)
        {
            // The token header is what matters; names fall back to what the user typed.
        }
        return false;
    }

    public static async Task LogoutAsync(VCloudConnection c, SessionCredentials s, CancellationToken ct)
    {
        string path = s.CloudApi ? "/cloudapi/1.0.0/sessions/current" : "/api/session";
        var uri = c.Resolve(path);
        var r = await c.Pipeline.SendAsync(new PipelineRequest(() =>
        {
            var m = new HttpRequestMessage(HttpMethod.Delete, uri);
            m.Headers.TryAddWithoutValidation(s.HeaderName, s.HeaderValue);
            m.Headers.TryAddWithoutValidation("Accept", s.CloudApi ? c.JsonAccept : c.XmlAccept);
            return m;
        }) { Authenticate = false }, ct).ConfigureAwait(false);
        // An expired session (401) is already logged out; anything else is reported but the connection closes anyway.
        if (!r.IsSuccess && r.StatusCode != 401)
            VCloudTrace.Write($"Logout from {c.Server.Authority} returned {FailureClassifier.Summary(r)}; the local session is discarded anyway.");
    }

    private static string? PathOf(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        return Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.AbsolutePath : url;
    }
}
