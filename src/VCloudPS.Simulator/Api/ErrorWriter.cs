using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Api;

/// <summary>vCD's error bodies: XML <c>Error</c> on /api, JSON on /cloudapi, OAuth JSON on /oauth, empty for 401.</summary>
public static class ErrorWriter
{
    public static XElement ErrorElement(int status, string minor, string message) =>
        new(Ns.V + "Error",
            new XAttribute("xmlns", Ns.V.NamespaceName),
            new XAttribute("minorErrorCode", minor),
            new XAttribute("message", message),
            new XAttribute("majorErrorCode", status),
            new XAttribute(XNamespace.Xmlns + "xsi", Ns.Xsi.NamespaceName));

    public static async Task WriteAsync(HttpContext ctx, ApiException ex)
    {
        if (ctx.Response.HasStarted) { ctx.Abort(); return; }
        var rc = ctx.Sim();
        var date = ctx.Response.Headers.Date;
        ctx.Response.Clear();
        ctx.Response.Headers.Date = date;
        ctx.Response.Headers["X-VMWARE-VCLOUD-REQUEST-ID"] = rc.RequestId;
        ctx.Response.StatusCode = ex.Status;
        if (ex.EmptyBody) { ctx.Response.ContentLength = 0; return; }
        var message = $"[ {rc.RequestId} ] {ex.Message}";
        var path = ctx.Request.Path.Value ?? "";
        byte[] body;
        if (path.StartsWith("/cloudapi", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.ContentType = "application/json;version=" + (rc.ApiVersion ?? "37.0");
            body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
            {
                ["minorErrorCode"] = ex.MinorCode, ["message"] = message, ["stackTrace"] = "",
            });
        }
        else
        {
            ctx.Response.ContentType = XmlResponses.ContentType(MediaTypes.Error, rc.ApiVersion);
            body = Encoding.UTF8.GetBytes(XmlResponses.Serialize(ErrorElement(ex.Status, ex.MinorCode, message)));
        }
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body);
    }
}
