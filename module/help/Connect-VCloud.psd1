@{
    Synopsis    = 'Logs in to a VMware Cloud Director server with a credential or an API token and returns the connection.'
    Description = 'Connect-VCloud asks the server which API versions it offers (GET /api/versions), picks the highest version both the server and VCloudPS support (33.0 to 39.1, deprecated and pre-release versions only when nothing else is common), and logs in through the path that version uses: the CloudAPI sessions endpoint (the provider endpoint for organization System) or the legacy /api/sessions.

With -Credential the user name may be user@org, or give -Org. With -ApiToken the token is exchanged for an access token at /oauth/tenant/<org>/token (or /oauth/provider/token for System). The session is shared by every later call; when the server reports it expired, VCloudPS logs in again with the stored credential or token and repeats the request.

Several connections can be open at once. The most recent one is the default for every cmdlet; -NotDefault keeps the current default. TLS certificates are verified unless -SkipCertificateCheck; plain http:// is refused except to loopback addresses (a local simulator). Passwords and tokens are kept as SecureString and never written to any output, error or verbose stream.'
    Parameters  = @{
        Server               = 'Address of the server: https://vcd.example.com (a trailing /api is ignored; a bare host name means https). Accepts the Url property of a simulator object from the pipeline.'
        Credential           = 'User and password. The user name is user@org unless -Org is given. Provider administrators use organization System. Accepts the Credential property of a simulator object from the pipeline.'
        ApiToken             = 'An API token (SecureString) created in the vCloud Director UI (User preferences > API tokens) or by the provider. Requires -Org.'
        Org                  = 'Organization to log in to. Required with -ApiToken; optional with -Credential when the user name has the form user@org.'
        SkipCertificateCheck = 'Do not validate the server''s TLS certificate (a warning says so). Only for servers you trust (lab systems with self-signed certificates). Off by default. Against a port that does not speak TLS the error ServerNotTls says so.'
        CertificateThumbprint = 'Accept exactly the server certificate with this SHA-256 thumbprint (64 hex digits, colons allowed), whether or not this machine trusts its issuer, and refuse any other. The CertificateInvalid error of an untrusted server shows its thumbprint; compare it with the one your administrator gives you before pinning it.'
        ApiVersion           = 'Use exactly this API version (for example 37.0). Fails when the server does not offer it or VCloudPS does not support it.'
        NotDefault           = 'Do not make this connection the default one for later commands.'
        TimeoutSec           = 'Longest silence in seconds while a request is sent or its answer awaited (default 100). A GET, PUT or DELETE that times out is sent again; a POST is not (the server may have acted on it) and its error says where to look for its task.'
        ConnectTimeoutSec    = 'Seconds to wait for a connection (TCP and TLS) to the server (default 30).'
        InactivityTimeoutSec = 'Longest silence in seconds while an answer or a download arrives (default 60). A download that stalls resumes where it stopped.'
        TaskTimeoutSec       = 'Seconds to wait for each vCloud Director task in cmdlets given no -TimeoutSec of their own (default: each cmdlet''s own).'
        MaxResponseSizeMB    = 'Largest API answer read into memory, in MiB (default 8). A larger answer fails with ResponseTooLarge and is not retried; transfers stream and are not limited by this.'
    }
    Examples    = @(
        @{ Title = 'Connect with a credential'; Code = '$conn = Connect-VCloud -Server $enterprise.Url -Credential $enterprise.Credential'; Remarks = 'Logs in as admin@ent to the enterprise simulator and makes the connection the default. Against a real server: Connect-VCloud -Server https://vcd.example.com -Credential (Get-Credential admin@acme); add -CertificateThumbprint <SHA-256> to pin a self-signed certificate (the thumbprint is shown in the CertificateInvalid error).' }
        @{ Title = 'Connect with an API token'; Code = '$admin = $provider.Users | Where-Object { $_.Org -eq ''acme'' -and $_.Name -eq ''admin'' }; Connect-VCloud -Server $provider.Url -Org acme -ApiToken $admin.ApiToken -NotDefault'; Remarks = 'Logs in with the seeded API token of admin@acme; the token is exchanged for a session and renewed automatically. Against a real server, read the token with Read-Host -AsSecureString or from your vault.' }
        @{ Title = 'Connect to a local simulator'; Code = '$enterprise | Connect-VCloud'; Remarks = 'Binds Url and Credential from the simulator object.' }
    )
    Outputs     = @(@{ Type = 'VCloudPS.Core.Api.VCloudConnection'; Description = 'The connection: Server, Org, User, ApiVersion, AuthMethod, IsProvider.' })
    Inputs      = @(@{ Type = 'System.Management.Automation.PSObject'; Description = 'Objects with Server/Url and Credential properties, such as a simulator object.' })
    Notes       = 'Errors: LoginFailed (wrong user, password or organization), ApiTokenRejected (expired, revoked or foreign token), ServerUnreachable, CertificateInvalid (names the problem and the SHA-256 thumbprint), ServerNotTls, InsecureServerUri, ApiVersionNotSupported, RequestTimedOut, ConnectTimedOut, ResponseStalled, ResponseTooLarge, RateLimited.'
    Links       = @('Disconnect-VCloud', 'Get-VCloudConnection', 'Start-VCloudSimulator')
}
