using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Core.Migration;

/// <summary>Small readers over vCD entity XML shared by the export and import flows.</summary>
internal static class VcdEntities
{
    public const string TaskType = "application/vnd.vmware.vcloud.task+xml";

    /// <summary>Files/File elements of a VApp or VAppTemplate: name, size, bytesTransferred and the upload link.</summary>
    public static List<(string name, long? size, long bytesTransferred, string? uploadHref)> Files(XElement entity)
        => (entity.V("Files")?.Elements(VcdXml.Vcloud + "File") ?? Enumerable.Empty<XElement>())
            .Select(f => (f.Attr("name") ?? "", f.AttrLong("size"), f.AttrLong("bytesTransferred") ?? 0,
                f.Links().FirstOrDefault(l => l.Attr("rel") == "upload:default")?.Attr("href")))
            .ToList();

    /// <summary>The entity's status; an entity without one is still being created (UNRESOLVED).</summary>
    public static VAppStatus Status(XElement entity) => VAppStatuses.Parse(entity.Attr("status")) ?? VAppStatus.Unresolved;

    /// <summary>The first task in Tasks that ended in error, as (operation, message).</summary>
    public static (string operation, string message)? FailedTask(XElement entity)
    {
        foreach (var t in entity.V("Tasks")?.Elements(VcdXml.Vcloud + "Task") ?? Enumerable.Empty<XElement>())
        {
            if (!string.Equals(t.Attr("status"), "error", StringComparison.OrdinalIgnoreCase)) continue;
            var err = t.V("Error");
            return (t.Attr("operation") ?? t.Attr("operationName") ?? "task", err?.Attr("message") ?? "no details");
        }
        return null;
    }

    public static bool HasRunningTasks(XElement entity)
        => (entity.V("Tasks")?.Elements(VcdXml.Vcloud + "Task") ?? Enumerable.Empty<XElement>())
            .Any(t => t.Attr("status") is string s && s != "success" && s != "error" && s != "aborted" && s != "canceled");

    /// <summary>An action link by rel, or the conventional action path under the entity when the link is absent.</summary>
    public static string ActionHref(XElement entity, string rel, string fallbackAction)
        => entity.LinkHref(rel) ?? entity.Attr("href")!.TrimEnd('/') + fallbackAction;
}
