using System.Xml.Linq;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using TaskStatus = VCloudPS.Simulator.Store.TaskStatus;

namespace VCloudPS.Simulator.Xml;

/// <summary>Renders <c>Task</c> (shape of the captured task-running-cancelable.xml / task-success.xml).</summary>
public static class TaskXml
{
    public static string OwnerMediaType(EntityKind kind) => kind switch
    {
        EntityKind.VApp => MediaTypes.VApp,
        EntityKind.Vm => MediaTypes.Vm,
        EntityKind.VAppTemplate => MediaTypes.VAppTemplate,
        EntityKind.Vdc => MediaTypes.Vdc,
        EntityKind.Catalog => MediaTypes.Catalog,
        EntityKind.CatalogItem => MediaTypes.CatalogItem,
        EntityKind.Org => MediaTypes.Org,
        EntityKind.User => MediaTypes.User,
        EntityKind.Media => MediaTypes.Media,
        _ => MediaTypes.Prefix + "entity+xml",
    };

    /// <summary>A Task element; <paramref name="root"/> adds the namespace declarations of a document root.</summary>
    public static XElement Render(SimTask t, RequestContext rc, bool root = true)
    {
        var href = rc.Href(Ids.Path(EntityKind.Task, t.Id));
        var e = new XElement(Ns.V + "Task");
        if (root) e.Add(Ns.RootDeclarations());
        e.Add(new XAttribute("cancelRequested", XmlFormat.Bool(t.CancelRequested)));
        if (t.EndUtc is { } end) e.Add(new XAttribute("endTime", XmlFormat.Time(end)));
        e.Add(new XAttribute("expiryTime", XmlFormat.Time(t.ExpiryUtc)),
            new XAttribute("operation", t.Operation),
            new XAttribute("operationName", t.OperationName),
            new XAttribute("serviceNamespace", "com.vmware.vcloud"),
            new XAttribute("startTime", XmlFormat.Time(t.StartUtc)),
            new XAttribute("status", t.Status),
            new XAttribute("name", "task"),
            new XAttribute("id", t.Urn),
            new XAttribute("href", href),
            new XAttribute("type", MediaTypes.Task));
        if (!TaskStatus.IsDone(t.Status) && t.Cancelable)
            e.Add(Links.Link("task:cancel", href + "/action/cancel"));
        if (!t.Owner.IsNone)
            e.Add(Links.Ref("Owner", rc.Href(t.Owner.Path), t.Owner.Name, OwnerMediaType(t.Owner.Kind)));
        if (t.Status is TaskStatus.Error or TaskStatus.Aborted && t.ErrorMessage != null)
            e.Add(new XElement(Ns.V + "Error",
                new XAttribute("majorErrorCode", t.ErrorMajorCode),
                new XAttribute("message", $"[ {t.Id} ] {t.ErrorMessage}"),
                new XAttribute("minorErrorCode", t.ErrorMinorCode),
                new XAttribute("stackTrace", "")));
        if (!t.User.IsNone)
            e.Add(Links.Ref("User", rc.Href(t.User.Path), t.User.Name, MediaTypes.User));
        if (!t.Org.IsNone)
            e.Add(Links.Ref("Organization", rc.Href(t.Org.Path), t.Org.Name, MediaTypes.Org));
        e.Add(new XElement(Ns.V + "Progress", t.Progress));
        e.Add(new XElement(Ns.V + "Details", t.Status == TaskStatus.Error ? t.ErrorMessage ?? "" : ""));
        return e;
    }

    /// <summary>&lt;Tasks&gt; with the running task of an entity, or null when idle.</summary>
    public static XElement? TasksOf(Simulation sim, Guid entityId, RequestContext rc)
    {
        var t = sim.Tasks.RunningTaskOf(entityId);
        return t is null ? null : new XElement(Ns.V + "Tasks", Render(t, rc, root: false));
    }
}
