using System;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Api;

/// <summary>
/// One authenticated session with a vCloud Director server. Thread-safe: all calls share the session, which is
/// renewed transparently (password or API token) when the server reports it expired.
/// </summary>
public sealed partial class VCloudConnection : IDisposable, IPipelineSession
{
    private readonly RequestPipeline _pipeline;
    private readonly HttpMessageHandler _handler;
    private readonly bool _ownsHandler;
    private readonly SecureString? _password;
    private readonly SecureString? _apiToken;
    private readonly string _loginOrg;
    private readonly string? _loginUser;
    private readonly ServerApiVersion _negotiated;
    private readonly SemaphoreSlim _loginLock = new SemaphoreSlim(1, 1);
    private volatile SessionCredentials? _session;
    private int _sessionGeneration;
    private bool _disposed;

    private VCloudConnection(Uri server, HttpMessageHandler handler, bool ownsHandler, RequestPipeline pipeline,
        ServerApiVersion negotiated, string loginOrg, string? loginUser, SecureString? password, SecureString? apiToken)
    {
        Server = server;
        _handler = handler;
        _ownsHandler = ownsHandler;
        _pipeline = pipeline;
        _negotiated = negotiated;
        ApiVersion = negotiated.Version.Text;
        _loginOrg = loginOrg;
        _loginUser = loginUser;
        _password = password;
        _apiToken = apiToken;
        Org = loginOrg;
        User = loginUser ?? "";
        AuthMethod = apiToken != null ? "ApiToken" : "Password";
        IsProvider = string.Equals(loginOrg, "System", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Base URI of the server, e.g. https://vcd.example.com/ (no /api).</summary>
    public Uri Server { get; }
    public string Org { get; private set; }
    public string User { get; private set; }
    public string ApiVersion { get; }

    /// <summary>True for a provider (org System) session: admin query types, all orgs.</summary>
    public bool IsProvider { get; private set; }
    public DateTime ConnectedAt { get; private set; }

    /// <summary>Password or ApiToken.</summary>
    public string AuthMethod { get; }

    /// <summary>Login endpoint in use (CloudAPI sessions, provider sessions or legacy /api/sessions).</summary>
    public string LoginPath { get; private set; } = "";

    /// <summary>
    /// Logged in, not disconnected, and the server answered the last request (false once it cannot be reached,
    /// e.g. a stopped simulator; true again when it answers).
    /// </summary>
    public bool IsConnected => !IsClosed && !_pipeline.ServerUnreachable;

    /// <summary>Logged out or disposed: the connection can never be used again.</summary>
    public bool IsClosed => _session == null || _disposed;


    /// <summary>How many times the session was renewed after expiry (for diagnostics and tests).</summary>
    public int SessionRenewals { get; private set; }

    /// <summary>First and maximum delay between task polls.</summary>
    public TimeSpan TaskPollInitialDelay { get; set; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan TaskPollMaxDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Wait for vCD tasks when a cmdlet is given no -TimeoutSec (Connect-VCloud -TaskTimeoutSec); null: each cmdlet's default.</summary>
    public TimeSpan? TaskTimeout { get; set; }

    internal RetryPolicy Retry => _pipeline.Settings.Retry;
    internal RequestPipeline Pipeline => _pipeline;

    /// <summary>VDC href → name, filled lazily (entity links omit names).</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, string> OrgNames { get; } =
        new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    internal System.Collections.Concurrent.ConcurrentDictionary<string, string> VdcNames { get; } =
        new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Href → name of other entities whose links omit the name (storage policies of disks).</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, string> NamesByHref { get; } =
        new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Negotiates the API version, logs in and returns the connection.</summary>
    public static async Task<VCloudConnection> ConnectAsync(ConnectOptions options, CancellationToken ct)
    {
        if (options == null) throw new ArgumentNullException(nameof(options));
        Uri server = NormalizeServer(options.Server);
        var (loginOrg, loginUser) = ResolveIdentity(options);
        var settings = PipelineSettingsFrom(options);

        bool owns = options.HttpHandler == null;
        if (options.HttpHandler == null)
            settings.Certificates = new CertificateCheck(options.SkipCertificateCheck, options.CertificateThumbprint);
        HttpMessageHandler handler = options.HttpHandler ?? HttpHandlerFactory.Create(settings.Certificates!, settings.ConnectTimeout);
        var pipeline = new RequestPipeline(handler, settings, server.Authority);
        VCloudConnection? conn = null;
        try
        {
            var versions = await Authenticator.GetVersionsAsync(pipeline, server, ct).ConfigureAwait(false);
            var chosen = ApiVersionNegotiator.Choose(versions, options.ApiVersion, server.Authority);
            conn = new VCloudConnection(server, handler, owns, pipeline, chosen, loginOrg, loginUser,
                options.Password?.Copy(), options.ApiToken?.Copy());
            conn.TaskTimeout = options.TaskTimeout;
            pipeline.Session = conn;
            pipeline.DefaultAccept = conn.XmlAccept;
            await conn.LoginAsync(ct).ConfigureAwait(false);
            conn.ConnectedAt = DateTime.Now;
            return conn;
        }
        catch
        {
            if (conn != null) conn.Dispose();
            else
            {
                pipeline.Dispose();
                if (owns) handler.Dispose();
            }
            throw;
        }
    }

    private static PipelineSettings PipelineSettingsFrom(ConnectOptions o)
    {
        var s = new PipelineSettings { Retry = o.RetryPolicy ?? RetryPolicy.Default, ClientRequestIdPrefix = o.ClientRequestIdPrefix };
        if (o.Timeout.HasValue) s.ResponseTimeout = o.Timeout.Value;
        if (o.ConnectTimeout.HasValue) s.ConnectTimeout = o.ConnectTimeout.Value;
        if (o.InactivityTimeout.HasValue) s.BodyInactivityTimeout = o.InactivityTimeout.Value;
        if (o.MaxResponseBytes.HasValue)
        {
            if (o.MaxResponseBytes.Value < 64 * 1024)
                throw new VCloudException(VCloudErrorKind.InvalidArgument, "MaxResponseSizeInvalid", "The response size limit must be at least 64 KiB.");
            s.MaxResponseBytes = o.MaxResponseBytes.Value;
        }
        return s;
    }

    private static (string org, string? user) ResolveIdentity(ConnectOptions o)
    {
        if (o.ApiToken != null)
        {
            if (string.IsNullOrWhiteSpace(o.Org))
                throw new VCloudException(VCloudErrorKind.InvalidArgument, "OrgRequired", "An API token login needs the organization name (-Org).");
            return (o.Org!.Trim(), null);
        }
        if (o.Password == null || string.IsNullOrWhiteSpace(o.User))
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "CredentialRequired", "Give a user and password (or an API token and organization).");
        string user = o.User!.Trim();
        string? org = o.Org;
        int at = user.LastIndexOf('@');
        if (at > 0 && string.IsNullOrWhiteSpace(org))
        {
            org = user.Substring(at + 1);
            user = user.Substring(0, at);
        }
        else if (at > 0)
        {
            // user@org given and -Org too: -Org wins only when they agree; the user part is the name before '@'.
            user = user.Substring(0, at);
        }
        if (string.IsNullOrWhiteSpace(org))
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "OrgRequired",
                "Give the organization as user@org or with -Org (System for provider administrators).");
        return (org!.Trim(), user);
    }

    /// <summary>https://host[:port]/ from what the user typed; refuses plain http except to loopback.</summary>
    public static Uri NormalizeServer(Uri server)
    {
        if (server == null) throw new VCloudException(VCloudErrorKind.InvalidArgument, "ServerRequired", "Give the server URI, e.g. https://vcd.example.com.");
        if (!server.IsAbsoluteUri)
            server = new Uri("https://" + server.OriginalString.TrimStart('/'));
        if (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp)
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "ServerUriInvalid", $"'{server}' is not an http(s) URI.");
        if (server.Scheme == Uri.UriSchemeHttp && !server.IsLoopback)
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "InsecureServerUri",
                $"Refusing plain http:// to {server.Host}: credentials would travel unencrypted. Use https:// (http is allowed only to loopback addresses such as a local simulator).");
        string path = server.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/api", StringComparison.OrdinalIgnoreCase)) path = path.Substring(0, path.Length - 4);
        if (path.EndsWith("/cloudapi", StringComparison.OrdinalIgnoreCase)) path = path.Substring(0, path.Length - 9);
        return new UriBuilder(server.Scheme, server.Host, server.Port, path + "/").Uri;
    }

    public async Task DisconnectAsync(CancellationToken ct)
    {
        var s = _session;
        if (s == null || _disposed) return;
        try
        {
            await Authenticator.LogoutAsync(this, s, ct).ConfigureAwait(false);
        }
        finally
        {
            _session = null;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _session = null;
        _pipeline.Dispose();
        if (_ownsHandler) _handler.Dispose();
        _password?.Dispose();
        _apiToken?.Dispose();
        _loginLock.Dispose();
    }

    public override string ToString() => $"{User}@{Org} on {Server.Authority} (API {ApiVersion})";
}
