using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VCloudPS.Core;
using VCloudPS.Core.Api;

namespace VCloudPS.Tests.Api;

/// <summary>TLS is verified by default: a self-signed server is refused unless SkipCertificateCheck.</summary>
public class TlsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        using var rsa = RSA.Create(2048);
        var req = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        req.CertificateExtensions.Add(san.Build());
        using var ephemeral = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var cert = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(cert)));
        _app = builder.Build();
        _app.MapGet("/api/versions", () => Results.Content(FakeVcd.VersionsXml(("38.0", false, "/cloudapi/1.0.0/sessions")), "application/xml"));
        _app.MapPost("/cloudapi/1.0.0/sessions", () => Results.StatusCode(401));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _url = new Uri(address);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<VCloudConnection> Connect(bool skip) => VCloudConnection.ConnectAsync(new ConnectOptions
    {
        Server = _url, User = "admin@acme", Password = FakeVcd.Secure("pw"), SkipCertificateCheck = skip, RetryPolicy = RetryPolicy.Immediate,
    }, CancellationToken.None);

    [Fact]
    public async Task UntrustedCertificateIsRefusedWithAHint()
    {
        var ex = await Assert.ThrowsAsync<VCloudException>(() => Connect(skip: false));
        Assert.Equal("CertificateInvalid", ex.ErrorId);
        Assert.Equal(VCloudErrorKind.Connection, ex.Kind);
        Assert.Contains("-SkipCertificateCheck", ex.Message);
    }

    [Fact]
    public async Task SkipCertificateCheckGetsThroughTLS()
    {
        var ex = await Assert.ThrowsAsync<VCloudException>(() => Connect(skip: true));
        Assert.Equal("LoginFailed", ex.ErrorId); // TLS passed; the fake server refuses the login
    }
}
