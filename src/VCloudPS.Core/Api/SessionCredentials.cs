namespace VCloudPS.Core.Api;

/// <summary>The header that authenticates requests of one session. Never logged or shown.</summary>
internal sealed class SessionCredentials
{
    public SessionCredentials(string headerName, string headerValue, bool cloudApi)
    {
        HeaderName = headerName;
        HeaderValue = headerValue;
        CloudApi = cloudApi;
    }

    public string HeaderName { get; }
    public string HeaderValue { get; }

    /// <summary>Logged in through /cloudapi (logout there) rather than legacy /api/sessions.</summary>
    public bool CloudApi { get; }

    public override string ToString() => $"{HeaderName}: (hidden)";
}
