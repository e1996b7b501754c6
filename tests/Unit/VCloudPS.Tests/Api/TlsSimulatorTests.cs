using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Simulator.Hosting;

namespace VCloudPS.Tests.Api;

/// <summary>Simulators serving HTTPS with certificates made at test time (self-signed, and from a throwaway CA).</summary>
public sealed class TlsSimulators : IAsyncLifetime
{
    public TestSimulator SelfSigned { get; private set; } = null!;
    public TestSimulator CaIssued { get; private set; } = null!;
    public TestSimulator PlainHttp { get; private set; } = null!;
    public X509Certificate2 SelfSignedCert { get; } = TestCertificates.SelfSigned();
    public (X509Certificate2 Ca, X509Certificate2 Server) Issued { get; } = TestCertificates.FromTestCa();

    public async Task InitializeAsync()
    {
        SelfSigned = await TestSimulator.StartAsync(_ => new SimulatorOptions { Seed = "enterprise", Certificate = SelfSignedCert });
        CaIssued = await TestSimulator.StartAsync(_ => new SimulatorOptions { Seed = "enterprise", Certificate = Issued.Server });
        PlainHttp = await TestSimulator.StartAsync(_ => new SimulatorOptions { Seed = "enterprise" });
    }

    public async Task DisposeAsync()
    {
        await SelfSigned.DisposeAsync();
        await CaIssued.DisposeAsync();
        await PlainHttp.DisposeAsync();
    }
}

[Collection("ConnectionRegistry")]
public class TlsSimulatorTests : IClassFixture<TlsSimulators>
{
    private readonly TlsSimulators _sims;
    public TlsSimulatorTests(TlsSimulators sims) { _sims = sims; }

    private static Task<VCloudConnection> Connect(Uri server, bool skip = false, string? thumbprint = null) => VCloudConnection.ConnectAsync(new ConnectOptions
    {
        Server = server, User = "admin@ent", Password = FakeVcd.Secure("Ent-Admin-2026!"), SkipCertificateCheck = skip,
        CertificateThumbprint = thumbprint, RetryPolicy = RetryPolicy.Immediate,
    }, CancellationToken.None);

    [Fact]
    public void TheSimulatorServesHttps()
    {
        Assert.Equal("https", _sims.SelfSigned.BaseUri.Scheme);
        Assert.Equal("https", _sims.CaIssued.BaseUri.Scheme);
    }

    [Fact]
    public async Task ASelfSignedCertificateIsRefusedNamingTheProblemAndItsThumbprint()
    {
        var ex = await Assert.ThrowsAsync<VCloudException>(() => Connect(_sims.SelfSigned.BaseUri));
        Assert.Equal((VCloudErrorKind.Connection, "CertificateInvalid"), (ex.Kind, ex.ErrorId));
        Assert.Contains("UntrustedRoot", ex.Message);
        Assert.Contains(TestCertificates.Sha256(_sims.SelfSignedCert), ex.Message);
        Assert.Contains("-CertificateThumbprint", ex.Message);
    }

    [Fact]
    public async Task ACertificateFromAnUnknownCAIsRefusedNamingItsIssuerAndThumbprint()
    {
        var ex = await Assert.ThrowsAsync<VCloudException>(() => Connect(_sims.CaIssued.BaseUri));
        Assert.Equal("CertificateInvalid", ex.ErrorId);
        Assert.Contains("issued by " + _sims.Issued.Ca.Subject, ex.Message);
        Assert.Contains(TestCertificates.Sha256(_sims.Issued.Server), ex.Message);
        Assert.Matches("PartialChain|UntrustedRoot", ex.Message);
    }

    [Fact]
    public async Task SkipCertificateCheckConnects()
    {
        using var c = await Connect(_sims.SelfSigned.BaseUri, skip: true);
        Assert.NotEmpty(c.QueryRecords("vApp", null, CancellationToken.None).Take(1));
    }

    [Fact]
    public async Task APinnedThumbprintAcceptsThatCertificateOnly()
    {
        var pin = TestCertificates.Sha256(_sims.Issued.Server);
        var withColons = string.Join(":", Enumerable.Range(0, 32).Select(i => pin.Substring(i * 2, 2))).ToLowerInvariant();
        using (var c = await Connect(_sims.CaIssued.BaseUri, thumbprint: withColons))
            Assert.NotEmpty(c.QueryRecords("vApp", null, CancellationToken.None).Take(1));
        var ex = await Assert.ThrowsAsync<VCloudException>(() => Connect(_sims.SelfSigned.BaseUri, thumbprint: pin));
        Assert.Equal("CertificateInvalid", ex.ErrorId);
        Assert.Contains("not the pinned " + pin, ex.Message);
        var bad = await Assert.ThrowsAsync<VCloudException>(() => Connect(_sims.SelfSigned.BaseUri, thumbprint: "12:34"));
        Assert.Equal("CertificateThumbprintInvalid", bad.ErrorId);
    }

    [Fact]
    public async Task HttpsToAPlainHttpPortSaysTheServerDoesNotSpeakTLS()
    {
        var https = new UriBuilder(_sims.PlainHttp.BaseUri) { Scheme = "https" }.Uri;
        var ex = await Assert.ThrowsAsync<VCloudException>(() => Connect(https, skip: true));
        Assert.Equal("ServerNotTls", ex.ErrorId);
        Assert.Contains("does not speak TLS", ex.Message);
    }

    [Fact]
    public void ConnectVCloudWarnsOnSkipCertificateCheckAndPinsWithCertificateThumbprint()
    {
        var iss = InitialSessionState.CreateDefault();
        iss.ImportPSModule(new[] { typeof(VCloudPS.Cmdlets.ConnectVCloudCommand).Assembly.Location });
        using var rs = RunspaceFactory.CreateRunspace(iss);
        rs.Open();
        rs.SessionStateProxy.SetVariable("cred", new PSCredential("admin@ent", new NetworkCredential("", "Ent-Admin-2026!").SecurePassword));
        rs.SessionStateProxy.SetVariable("selfSigned", _sims.SelfSigned.BaseUri.ToString());
        rs.SessionStateProxy.SetVariable("caIssued", _sims.CaIssued.BaseUri.ToString());
        rs.SessionStateProxy.SetVariable("pin", TestCertificates.Sha256(_sims.Issued.Server));
        PowerShell Run(string script)
        {
            var ps = PowerShell.Create();
            ps.Runspace = rs;
            ps.AddScript(script);
            ps.Invoke();
            return ps;
        }

        using (var refused = Run("Connect-VCloud -Server $selfSigned -Credential $cred -NotDefault"))
        {
            var error = Assert.Single(refused.Streams.Error);
            Assert.StartsWith("CertificateInvalid", error.FullyQualifiedErrorId);
            Assert.Contains(TestCertificates.Sha256(_sims.SelfSignedCert), error.Exception.Message);
        }
        using (var skipped = Run("Connect-VCloud -Server $selfSigned -Credential $cred -SkipCertificateCheck -NotDefault | Disconnect-VCloud"))
        {
            Assert.Empty(skipped.Streams.Error);
            Assert.Contains(skipped.Streams.Warning, w => w.Message.Contains("certificate checks are off"));
        }
        using (var pinned = Run("Connect-VCloud -Server $caIssued -Credential $cred -CertificateThumbprint $pin -NotDefault | Disconnect-VCloud"))
        {
            Assert.Empty(pinned.Streams.Error);
            Assert.Empty(pinned.Streams.Warning);
        }
    }
}
