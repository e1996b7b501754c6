using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace VCloudPS.Core.Api;

/// <summary>
/// The connection's certificate rule: verified by the platform (chain and name), or pinned to one SHA-256
/// thumbprint, or (SkipCertificateCheck) not checked. Remembers why it last refused a certificate so the
/// error can name the problem and the thumbprint to pin.
/// </summary>
internal sealed class CertificateCheck
{
    private readonly bool _skip;
    private readonly string? _pinned;
    private int _refusals;
    private volatile string? _lastRefusal;

    public CertificateCheck(bool skip, string? pinnedSha256)
    {
        _skip = skip;
        _pinned = pinnedSha256 == null ? null : NormalizeThumbprint(pinnedSha256);
    }

    /// <summary>Grows with every refused certificate: a TLS failure without a new refusal was not about a certificate.</summary>
    public int Refusals => Volatile.Read(ref _refusals);

    public string? LastRefusal => _lastRefusal;

    public bool Validate(HttpRequestMessage request, X509Certificate2? cert, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_skip) return true;
        if (cert == null) return Refuse("the server sent no certificate", null);
        var thumb = Sha256(cert);
        if (_pinned != null)
            return thumb == _pinned || Refuse($"its SHA-256 thumbprint is not the pinned {Format(_pinned)}", cert);
        if (errors == SslPolicyErrors.None) return true;
        return Refuse(Problem(errors, chain, request.RequestUri?.Host), cert);
    }

    private bool Refuse(string problem, X509Certificate2? cert)
    {
        _lastRefusal = cert == null ? problem
            : $"{problem}. Certificate: {cert.Subject}, issued by {cert.Issuer}, valid {cert.NotBefore.ToUniversalTime():yyyy-MM-dd} to {cert.NotAfter.ToUniversalTime():yyyy-MM-dd}, SHA-256 thumbprint {Format(Sha256(cert))}";
        Interlocked.Increment(ref _refusals);
        return false;
    }

    private static string Problem(SslPolicyErrors errors, X509Chain? chain, string? host)
    {
        var parts = new System.Collections.Generic.List<string>();
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            parts.Add($"it is not issued for '{host}'");
        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            var statuses = chain?.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToList();
            if (statuses == null || statuses.Count == 0) parts.Add("its chain could not be verified");
            foreach (var s in statuses ?? new System.Collections.Generic.List<X509ChainStatusFlags>())
                parts.Add(s switch
                {
                    X509ChainStatusFlags.UntrustedRoot => "it is self-signed or issued by an authority this machine does not trust (UntrustedRoot)",
                    X509ChainStatusFlags.PartialChain => "its issuer is not known to this machine (PartialChain)",
                    X509ChainStatusFlags.NotTimeValid => "it has expired or is not yet valid (NotTimeValid)",
                    X509ChainStatusFlags.Revoked => "it has been revoked (Revoked)",
                    _ => s.ToString(),
                });
        }
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) parts.Add("the server sent no certificate");
        return string.Join("; ", parts);
    }

    public static string Sha256(X509Certificate2 cert)
    {
        using var sha = SHA256.Create();
        return string.Concat(sha.ComputeHash(cert.RawData).Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
    }

    /// <summary>Accepts AB:CD:…, AB CD …, or plain hex, any case; 64 hex digits.</summary>
    public static string NormalizeThumbprint(string value)
    {
        var hex = new string(value.Where(c => !char.IsWhiteSpace(c) && c != ':' && c != '-').ToArray()).ToUpperInvariant();
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "CertificateThumbprintInvalid",
                "-CertificateThumbprint must be a SHA-256 thumbprint: 64 hexadecimal digits (colons and spaces allowed).");
        return hex;
    }

    private static string Format(string hex) => hex;
}
