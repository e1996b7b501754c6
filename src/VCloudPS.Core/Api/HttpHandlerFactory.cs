using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;

namespace VCloudPS.Core.Api;

/// <summary>The connection's one HTTP handler: no redirects, no cookies, gzip, the certificate rules, a connect timeout.</summary>
internal static class HttpHandlerFactory
{
    public static HttpMessageHandler Create(CertificateCheck certificates, TimeSpan connectTimeout)
    {
        var h = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };
        h.ServerCertificateCustomValidationCallback = certificates.Validate;
        TrySetConnectTimeout(h, connectTimeout);
        return h;
    }

    /// <summary>
    /// netstandard2.0 has no ConnectTimeout; on .NET (pwsh 7) HttpClientHandler wraps a SocketsHttpHandler that has
    /// one. Without it a connect to a silent address would only end with the response timeout.
    /// </summary>
    private static void TrySetConnectTimeout(HttpClientHandler handler, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) return;
        try
        {
            var field = typeof(HttpClientHandler).GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
                .FirstOrDefault(f => f.FieldType.Name == "SocketsHttpHandler");
            var inner = field?.GetValue(handler);
            inner?.GetType().GetProperty("ConnectTimeout")?.SetValue(inner, timeout);
        }
        catch (Exception ex) when (ex is TargetInvocationException || ex is ArgumentException || ex is MemberAccessException)
        {
            // Older runtimes: the response timeout still bounds the wait.
        }
    }
}
