using System.Globalization;
using System.Xml.Linq;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Transfer.Sessions;
using VCloudPS.Simulator.Xml;
using TaskStatus = VCloudPS.Simulator.Store.TaskStatus;

namespace VCloudPS.Simulator.Transfer;

internal sealed partial class TransferService
{
    /// <summary>
    /// Adds what transfers change to a rendered entity (called inside the lock): download links of an enabled download,
    /// the live Files list and ovfDescriptorUploaded of an upload, the failed task of a failed upload, VDC action links.
    /// </summary>
    public void Decorate(XElement element, SimEntity entity, RequestContext rc)
    {
        switch (entity)
        {
            case SimVApp or SimVAppTemplate when element.Name.LocalName is "VApp" or "VAppTemplate":
                DecorateTransfer(element, entity, rc);
                break;
            case SimVdc vdc when element.Name.LocalName == "Vdc":
                AddLinkOnce(element, "add", rc.Href($"/api/vdc/{vdc.Id}/action/instantiateOvf"), MediaTypes.InstantiateOvfParams);
                AddLinkOnce(element, "add", rc.Href($"/api/vdc/{vdc.Id}/action/instantiateVAppTemplate"), MediaTypes.InstantiateVAppTemplateParams);
                if (rc.ApiVersionNumber is > 0m and <= 33m)
                {
                    AddLinkOnce(element, "add", rc.Href($"/api/vdc/{vdc.Id}/action/uploadVAppTemplate"), MediaTypes.UploadVAppTemplateParams);
                }
                break;
        }
    }

    private void DecorateTransfer(XElement element, SimEntity entity, RequestContext rc)
    {
        var href = EntityHref(rc, entity);
        switch (TransferStateOf(entity))
        {
            case DownloadState download when _downloads.TryGetValue(download.SessionId, out var session):
                if (session.IsExpired(_sim.Clock.UtcNow, TransferIdleTimeout))
                {
                    ExpireDownload(session);
                    break;
                }
                var folder = rc.Href($"/transfer/{session.Id}/");
                AddLinks(element,
                    Links.Link("download:default", folder + DefaultDescriptor, "text/xml"),
                    Links.Link("download:identity", folder + IdentityDescriptor, "text/xml"),
                    Links.Link("download:ovaDefault", folder + DefaultOva, "text/xml"),
                    Links.Link("download:ovaIdentity", folder + IdentityOva, "text/xml"),
                    Links.Link("disable", href + "/action/disableDownload"));
                break;

            case ImportState import:
                ExpireUploadIfIdle(import);
                element.SetAttributeValue("ovfDescriptorUploaded", import.Upload.DescriptorUploaded ? "true" : "false");
                element.Elements(Ns.V + "Files").Remove();
                InsertAfter(element, FilesElement(import.Upload, rc), "Link", "Description", "Tasks");
                if (TaskStatus.IsDone(import.Task.Status) && import.Task.Status != TaskStatus.Success)
                {
                    // A failed upload keeps showing its failed task, as vCD does (vcd-api.md §5.2 step 4). The expiry
                    // check above may have just failed it, after the core rendered status and tasks: refresh both.
                    element.Elements(Ns.V + "Tasks").Remove();
                    InsertAfter(element, new XElement(Ns.V + "Tasks", TaskXml.Render(import.Task, rc, root: false)), "Link", "Description");
                    var status = entity is SimVApp failedVApp ? Store.VAppStatusOf(failedVApp) : ((SimVAppTemplate)entity).Status;
                    element.SetAttributeValue("status", (int)status);
                }
                break;

            default:
                if (entity is SimVApp vapp && TransferStateOf(vapp) is null && !Store.VAppDeployed(vapp) && vapp.StatusOverride is null)
                {
                    AddLinkOnce(element, "enable", href + "/action/enableDownload", null);
                }
                else if (entity is SimVAppTemplate template && template.Status == VAppStatus.POWERED_OFF && template.TransferState is null)
                {
                    AddLinkOnce(element, "enable", href + "/action/enableDownload", null);
                }
                break;
        }
    }

    private static XElement FilesElement(UploadSession upload, RequestContext rc)
        => new(Ns.V + "Files", upload.Files.Select(file => new XElement(Ns.V + "File",
            new XAttribute("size", (file.Size ?? -1).ToString(CultureInfo.InvariantCulture)),
            new XAttribute("bytesTransferred", file.BytesTransferred.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("name", file.Name),
            Links.Link("upload:default", rc.Href($"/transfer/{upload.Id}/{Uri.EscapeDataString(file.Name)}")))));

    private static void AddLinks(XElement element, params XElement[] links)
    {
        var last = element.Elements(Ns.V + "Link").LastOrDefault();
        if (last is null)
        {
            element.AddFirst(links);
        }
        else
        {
            last.AddAfterSelf(links);
        }
    }

    /// <summary>Adds a link unless one with the same rel and href is already there (exactly one link per (rel, type)).</summary>
    private static void AddLinkOnce(XElement element, string rel, string href, string? type)
    {
        if (element.Elements(Ns.V + "Link").Any(l => (string?)l.Attribute("rel") == rel && string.Equals((string?)l.Attribute("href"), href, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }
        AddLinks(element, Links.Link(rel, href, type));
    }
}
