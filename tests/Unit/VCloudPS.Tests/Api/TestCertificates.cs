using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VCloudPS.Tests.Api;

/// <summary>Certificates made at test time: a self-signed server certificate, and a throwaway CA with a server
/// certificate it issued. Valid for localhost and 127.0.0.1, from yesterday to tomorrow.</summary>
public static class TestCertificates
{
    public static X509Certificate2 SelfSigned(string cn = "localhost")
    {
        using var key = RSA.Create(2048);
        var req = ServerRequest(cn, key);
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return WithKey(cert);
    }

    /// <summary>A CA (never installed anywhere) and a server certificate it signed.</summary>
    public static (X509Certificate2 Ca, X509Certificate2 Server) FromTestCa()
    {
        using var caKey = RSA.Create(2048);
        var caReq = new CertificateRequest("CN=VCloudPS Test CA " + Guid.NewGuid().ToString("N")[..8], caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caReq.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(2));

        using var key = RSA.Create(2048);
        var req = ServerRequest("localhost", key);
        using var issued = req.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(12));
        using var withKey = issued.CopyWithPrivateKey(key);
        return (X509CertificateLoader.LoadCertificate(ca.RawData), WithKey(withKey));
    }

    public static string Sha256(X509Certificate2 cert) => Convert.ToHexString(SHA256.HashData(cert.RawData));

    private static CertificateRequest ServerRequest(string cn, RSA key)
    {
        var req = new CertificateRequest("CN=" + cn, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        return req;
    }

    /// <summary>Kestrel needs a certificate whose key it can use: round-trip through PKCS#12.</summary>
    private static X509Certificate2 WithKey(X509Certificate2 cert) => X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
}
