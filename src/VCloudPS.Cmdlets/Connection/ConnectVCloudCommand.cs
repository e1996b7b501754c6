using System;
using System.Management.Automation;
using System.Security;
using VCloudPS.Core;
using VCloudPS.Core.Api;

namespace VCloudPS.Cmdlets;

/// <summary>Logs in to a vCloud Director server with a credential or an API token.</summary>
[Cmdlet(VerbsCommunications.Connect, "VCloud", DefaultParameterSetName = CredentialSet)]
[OutputType(typeof(VCloudConnection))]
public sealed class ConnectVCloudCommand : VCloudCmdletBase
{
    private const string CredentialSet = "Credential";
    private const string ApiTokenSet = "ApiToken";
    private const string ApiTokenFileSet = "ApiTokenFile";
    private const string ApiTokenVariableSet = "ApiTokenVariable";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Url", "Uri")]
    [ValidateNotNullOrEmpty]
    public string Server { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = CredentialSet, ValueFromPipelineByPropertyName = true)]
    [Credential]
    [ValidateNotNull]
    public PSCredential Credential { get; set; } = PSCredential.Empty;

    [Parameter(Mandatory = true, ParameterSetName = ApiTokenSet)]
    [ValidateNotNull]
    public SecureString? ApiToken { get; set; }

    /// <summary>A file holding the API token, readable only by its owner (unattended logins).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ApiTokenFileSet)]
    [ValidateNotNullOrEmpty]
    public string? ApiTokenFile { get; set; }

    /// <summary>The name of an environment variable holding the API token (unattended logins).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ApiTokenVariableSet)]
    [ValidateNotNullOrEmpty]
    public string? ApiTokenEnvironmentVariable { get; set; }

    [Parameter(ParameterSetName = CredentialSet)]
    [Parameter(Mandatory = true, ParameterSetName = ApiTokenSet)]
    [Parameter(Mandatory = true, ParameterSetName = ApiTokenFileSet)]
    [Parameter(Mandatory = true, ParameterSetName = ApiTokenVariableSet)]
    [ValidateNotNullOrEmpty]
    public string? Org { get; set; }

    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Accept exactly this certificate (SHA-256 thumbprint), trusted by the machine or not.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificateThumbprint { get; set; }

    [Parameter]
    [ValidatePattern(@"^\d+\.\d+(\.\d+)?$")]
    public string? ApiVersion { get; set; }

    [Parameter]
    public SwitchParameter NotDefault { get; set; }

    /// <summary>Longest silence while sending a request or waiting for its answer.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 100;

    [Parameter]
    [ValidateRange(1, 600)]
    public int ConnectTimeoutSec { get; set; } = 30;

    /// <summary>Longest silence while a response body (API answer or download) arrives.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int InactivityTimeoutSec { get; set; } = 60;

    /// <summary>Wait for vCD tasks by cmdlets given no -TimeoutSec of their own.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TaskTimeoutSec { get; set; }

    [Parameter]
    [ValidateRange(1, 1024)]
    public int MaxResponseSizeMB { get; set; } = 8;

    protected override void ProcessRecord()
    {
        Uri uri;
        try
        {
            string s = Server.Trim();
            uri = VCloudConnection.NormalizeServer(new Uri(s.Contains("://") ? s : "https://" + s, UriKind.Absolute));
        }
        catch (UriFormatException)
        {
            ThrowVCloudError(new VCloudException(VCloudErrorKind.InvalidArgument, "ServerUriInvalid", $"'{Server}' is not a server address (expected e.g. https://vcd.example.com)."), Server);
            return;
        }
        catch (VCloudException ex)
        {
            ThrowVCloudError(ex, Server);
            return;
        }

        var options = new ConnectOptions
        {
            Server = uri,
            SkipCertificateCheck = SkipCertificateCheck,
            CertificateThumbprint = CertificateThumbprint,
            ApiVersion = ApiVersion,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            ConnectTimeout = TimeSpan.FromSeconds(ConnectTimeoutSec),
            InactivityTimeout = TimeSpan.FromSeconds(InactivityTimeoutSec),
            TaskTimeout = MyInvocation.BoundParameters.ContainsKey(nameof(TaskTimeoutSec)) ? TimeSpan.FromSeconds(TaskTimeoutSec) : (TimeSpan?)null,
            MaxResponseBytes = MaxResponseSizeMB * 1024L * 1024,
            Org = Org,
        };
        System.Security.SecureString? ownedToken = null;
        try
        {
            if (ParameterSetName == ApiTokenFileSet)
                options.ApiToken = ownedToken = ApiTokenSource.FromFile(SessionState.Path.GetUnresolvedProviderPathFromPSPath(ApiTokenFile));
            else if (ParameterSetName == ApiTokenVariableSet)
                options.ApiToken = ownedToken = ApiTokenSource.FromEnvironment(ApiTokenEnvironmentVariable!);
        }
        catch (VCloudException ex)
        {
            ThrowVCloudError(ex, ApiTokenFile ?? ApiTokenEnvironmentVariable);
            return;
        }
        if (ParameterSetName == ApiTokenSet)
        {
            options.ApiToken = ApiToken;
        }
        else if (ownedToken == null)
        {
            options.User = Credential.UserName;
            options.Password = Credential.Password;
        }
        if (SkipCertificateCheck && CertificateThumbprint != null)
        {
            ThrowVCloudError(new VCloudException(VCloudErrorKind.InvalidArgument, "CertificateOptionsConflict",
                "Give either -SkipCertificateCheck (no check) or -CertificateThumbprint (accept only that certificate), not both."), Server);
            return;
        }
        if (SkipCertificateCheck) WriteWarning($"TLS certificate checks are off for {uri.Authority}: use this only for servers you trust.");

        using var disposeToken = ownedToken;
        try
        {
            var connection = Run(ct => VCloudConnection.ConnectAsync(options, ct));
            ConnectionRegistry.Add(connection, makeDefault: !NotDefault);
            WriteVerbose($"Connected to {connection.Server.Authority} as {connection.User}@{connection.Org} (API {connection.ApiVersion}, {connection.AuthMethod}, login {connection.LoginPath}).");
            WriteObject(connection);
        }
        catch (Exception ex) when (!IsStopping(ex))
        {
            ThrowVCloudError(ex, uri.ToString());
        }
    }
}
