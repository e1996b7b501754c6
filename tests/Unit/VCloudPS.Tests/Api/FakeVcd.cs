using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Text;
using VCloudPS.Core.Api;

namespace VCloudPS.Tests.Api;

/// <summary>A scripted vCD: routes (method, path prefix) to responders and records every request.</summary>
public sealed class FakeVcd : HttpMessageHandler
{
    public const string Jwt = "eyJhbGciOiJIUzI1NiJ9.fake-session-jwt-0123456789abcdef";
    public const string Password = "S3cret-Pa55word!";
    public const string ApiTokenValue = "ApiT0ken-Value-XYZ-987654321";
    public static readonly Uri Base = new("https://vcd.example.test/");

    public sealed record Recorded(string Method, Uri Uri, Dictionary<string, string> Headers, string Body);

    private readonly List<(string Method, string PathPrefix, Func<HttpRequestMessage, string, HttpResponseMessage> Respond)> _routes = new();
    public ConcurrentQueue<Recorded> Requests { get; } = new();
    private int _logins;
    public int Logins => _logins;

    public FakeVcd(string versionsXml = null!, bool defaultLogin = true)
    {
        On("GET", "/api/versions", (_, _) => Xml(versionsXml ?? VersionsXml(("37.0", false, "/cloudapi/1.0.0/sessions"), ("38.0", false, "/cloudapi/1.0.0/sessions"), ("36.0", true, "/cloudapi/1.0.0/sessions"), ("39.0.0-alpha", false, "/cloudapi/1.0.0/sessions"))));
        if (defaultLogin)
        {
            On("POST", "/cloudapi/1.0.0/sessions", (_, _) => LoginOk());
            On("POST", "/api/sessions", (_, _) => LegacyLoginOk());
        }
    }

    /// <summary>Routes registered later win, so tests can override the defaults.</summary>
    public FakeVcd On(string method, string pathPrefix, Func<HttpRequestMessage, string, HttpResponseMessage> respond)
    {
        _routes.Insert(0, (method, pathPrefix, respond));
        return this;
    }

    /// <summary>Responds from a queue (the last one repeats).</summary>
    public FakeVcd OnSequence(string method, string pathPrefix, params Func<HttpResponseMessage>[] responses)
    {
        int i = 0;
        return On(method, pathPrefix, (_, _) => responses[Math.Min(i++, responses.Length - 1)]());
    }

    public IEnumerable<Recorded> To(string pathPrefix) => Requests.Where(r => r.Uri.AbsolutePath.StartsWith(pathPrefix, StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string body = request.Content == null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        if (request.Content != null) foreach (var h in request.Content.Headers) headers[h.Key] = string.Join(",", h.Value);
        Requests.Enqueue(new Recorded(request.Method.Method, request.RequestUri!, headers, body));
        foreach (var (method, prefix, respond) in _routes)
        {
            if (method == request.Method.Method && request.RequestUri!.AbsolutePath.StartsWith(prefix, StringComparison.Ordinal))
            {
                if (prefix.Contains("/sessions") || prefix.Contains("/oauth/")) Interlocked.Increment(ref _logins);
                var resp = respond(request, body);
                resp.RequestMessage = request;
                return resp;
            }
        }
        return Status(404, "");
    }

    // ---- canned responses ----

    public static string VersionsXml(params (string Version, bool Deprecated, string LoginPath)[] versions)
    {
        var sb = new StringBuilder("<SupportedVersions xmlns=\"http://www.vmware.com/vcloud/versions\">");
        foreach (var v in versions)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<VersionInfo deprecated=\"{(v.Deprecated ? "true" : "false")}\"><Version>{v.Version}</Version><LoginUrl>{Base}{v.LoginPath.TrimStart('/')}</LoginUrl>");
            if (v.LoginPath.Contains("cloudapi")) sb.Append(CultureInfo.InvariantCulture, $"<ProviderLoginUrl>{Base}cloudapi/1.0.0/sessions/provider</ProviderLoginUrl>");
            sb.Append("</VersionInfo>");
        }
        return sb.Append("</SupportedVersions>").ToString();
    }

    public static HttpResponseMessage Xml(string xml, int status = 200, string mediaType = "application/vnd.vmware.vcloud.entity+xml")
    {
        var r = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(xml, Encoding.UTF8) };
        r.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType + ";version=37.0");
        return r;
    }

    public static HttpResponseMessage Json(string json, int status = 200)
    {
        var r = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return r;
    }

    public static HttpResponseMessage Status(int status, string body = "") =>
        new((HttpStatusCode)status) { Content = new StringContent(body) };

    public static HttpResponseMessage Error(int status, string minor, string message) =>
        Xml($"<Error xmlns=\"http://www.vmware.com/vcloud/v1.5\" majorErrorCode=\"{status}\" minorErrorCode=\"{minor}\" message=\"[ abc-123 ] {System.Security.SecurityElement.Escape(message)}\"/>", status, "application/vnd.vmware.vcloud.error+xml");

    public static HttpResponseMessage LoginOk(string user = "admin", string org = "acme")
    {
        var r = Json($"{{\"id\":\"urn:vcloud:session:1\",\"user\":{{\"name\":\"{user}\"}},\"org\":{{\"name\":\"{org}\"}},\"roles\":[\"Organization Administrator\"]}}");
        r.Headers.TryAddWithoutValidation("X-VMWARE-VCLOUD-ACCESS-TOKEN", Jwt);
        r.Headers.TryAddWithoutValidation("X-VMWARE-VCLOUD-TOKEN-TYPE", "Bearer");
        return r;
    }

    public static HttpResponseMessage LegacyLoginOk()
    {
        var r = Xml("<Session xmlns=\"http://www.vmware.com/vcloud/v1.5\" user=\"admin\" org=\"acme\" href=\"x\"/>", 200, "application/vnd.vmware.vcloud.session+xml");
        r.Headers.TryAddWithoutValidation("x-vcloud-authorization", "legacy0123456789abcdef0123456789ab");
        return r;
    }

    public static SecureString Secure(string s)
    {
        var ss = new SecureString();
        foreach (var c in s) ss.AppendChar(c);
        ss.MakeReadOnly();
        return ss;
    }

    public ConnectOptions Options(string user = "admin@acme", RetryPolicy? retry = null) => new()
    {
        Server = Base,
        User = user,
        Password = Secure(Password),
        HttpHandler = this,
        RetryPolicy = retry ?? RetryPolicy.Immediate,
    };

    public ConnectOptions TokenOptions(string org = "acme") => new()
    {
        Server = Base,
        Org = org,
        ApiToken = Secure(ApiTokenValue),
        HttpHandler = this,
        RetryPolicy = RetryPolicy.Immediate,
    };

    public Task<VCloudConnection> ConnectAsync() => VCloudConnection.ConnectAsync(Options(), CancellationToken.None);
}
