@{
    Synopsis    = 'Logs in to a VMware Cloud Director server with a credential or an API token and returns the connection.'
    Description = 'Connect-VCloud asks the server which API versions it offers (GET /api/versions), picks the highest version both the server and VCloudPS support (33.0 to 39.1, deprecated and pre-release versions only when nothing else is common), and logs in through the path that version uses: the CloudAPI sessions endpoint (the provider endpoint for organization System) or the legacy /api/sessions.

With -Credential the user name may be user@org, or give -Org. With -ApiToken the token is exchanged for an access token at /oauth/tenant/<org>/token (or /oauth/provider/token for System). The session is shared by every later call; when the server reports it expired, VCloudPS logs in again with the stored credential or token and repeats the request.

Several connections can be open at once. The most recent one is the default for every cmdlet; -NotDefault keeps the current default. TLS certificates are verified unless -SkipCertificateCheck; plain http:// is refused except to loopback addresses (a local simulator). Passwords and tokens are kept as SecureString and never written to any output, error or verbose stream.'
    Parameters  = @{
        Server               = 'Address of the server: https://vcd.example.com (a trailing /api is ignored; a bare host name means https). Accepts the Url property of a simulator object from the pipeline.'
        Credential           = 'User and password. The user name is user@org unless -Org is given. Provider administrators use organization System. Accepts the Credential property of a simulator object from the pipeline.'
        ApiToken             = 'An API token (SecureString) created in the vCloud Director UI (User preferences > API tokens) or by the provider. Requires -Org.'
        ApiTokenFile         = 'Path of a file holding the API token (one line) for unattended logins. On Linux and macOS the file must be readable only by its owner (chmod 600): a file others can read or change is refused with ApiTokenFileTooOpen. Requires -Org.'
        ApiTokenEnvironmentVariable = 'Name (not value) of an environment variable holding the API token, as runbook engines and CI systems provide secrets. Requires -Org.'
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
        @{ Title = 'Connect with a credential'; Code = '$conn = Connect-VCloud -Server https://vcd.example.com -Credential (Get-Credential admin@acme)'; Remarks = 'Prompts for the password of user admin in organization acme and makes the connection the default.' }
        @{ Title = 'Connect with an API token'; Code = 'Connect-VCloud -Server https://vcd.example.com -Org acme -ApiToken (Read-Host -AsSecureString ''API token'')'; Remarks = 'Logs in with an API token; the token is exchanged for a session and renewed automatically.' }
        @{ Title = 'Unattended: credential from the runbook engine'; Code = '$cred = Get-AutomationPSCredential -Name vcd-backup; Connect-VCloud -Server https://vcd.example.com -Credential $cred'; Remarks = 'A PSCredential from Azure Automation (or Get-Secret from SecretManagement, or Import-Clixml of a credential saved by the same user on the same machine). The password stays a SecureString.' }
        @{ Title = 'Unattended: API token from a file only its owner can read'; Code = 'Connect-VCloud -Server https://vcd.example.com -Org acme -ApiTokenFile ~/.vcloud/acme.token'; Remarks = 'Create the file once with the token on one line and chmod 600; VCloudPS refuses it while group or others can read it.' }
        @{ Title = 'Unattended: API token from an environment variable'; Code = 'Connect-VCloud -Server https://vcd.example.com -Org acme -ApiTokenEnvironmentVariable VCD_API_TOKEN'; Remarks = 'For CI systems and schedulers that inject secrets as environment variables. Give the variable''s name, not its value.' }
        @{ Title = 'Pin a self-signed certificate'; Code = 'Connect-VCloud -Server https://lab-vcd.example.com -Credential $cred -CertificateThumbprint ''3F:9A:...:C2'''; Remarks = 'Accepts only the certificate with this SHA-256 thumbprint (shown in the CertificateInvalid error), without turning checks off.' }
        @{ Title = 'Connect to a local simulator'; Code = '$sim = Start-VCloudSimulator -Seed enterprise; $sim | Connect-VCloud'; Remarks = 'Binds Url and Credential from the simulator object.' }
    )
    Outputs     = @(@{ Type = 'VCloudPS.Core.Api.VCloudConnection'; Description = 'The connection: Server, Org, User, ApiVersion, AuthMethod, IsProvider.' })
    Inputs      = @(@{ Type = 'System.Management.Automation.PSObject'; Description = 'Objects with Server/Url and Credential properties, such as a simulator object.' })
    Notes       = 'Errors: LoginFailed (wrong user, password or organization), ApiTokenRejected (expired, revoked or foreign token), ServerUnreachable, CertificateInvalid (names the problem and the SHA-256 thumbprint), ServerNotTls, InsecureServerUri, ApiVersionNotSupported, RequestTimedOut, ConnectTimedOut, ResponseStalled, ResponseTooLarge, RateLimited.'
    Links       = @('Disconnect-VCloud', 'Get-VCloudConnection', 'Start-VCloudSimulator')
}
