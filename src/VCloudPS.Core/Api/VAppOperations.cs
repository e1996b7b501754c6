using System;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using VCloudPS.Core.Model;

namespace VCloudPS.Core.Api;

public enum VAppPowerAction
{
    PowerOn,
    PowerOff,
    Shutdown,
    Suspend,
    Reset,
}

/// <summary>Outcome of a state-changing call: what was done (or why nothing was needed) and the resulting vApp.</summary>
public sealed class VAppOperationResult
{
    public bool Changed { get; set; }
    public string? Note { get; set; }
    public VApp VApp { get; set; } = null!;
}

/// <summary>
/// Power, undeploy and delete with vCD's state rules: actions are taken from the entity's state-dependent links,
/// every action's task is awaited, and a powered-off vApp is still deployed until undeployed.
/// </summary>
public static class VAppOperations
{
    public const string UndeployMediaType = "application/vnd.vmware.vcloud.undeployVAppParams+xml";

    private static string Rel(VAppPowerAction a)
    {
        switch (a)
        {
            case VAppPowerAction.PowerOn: return "power:powerOn";
            case VAppPowerAction.PowerOff: return "power:powerOff";
            case VAppPowerAction.Shutdown: return "power:shutdown";
            case VAppPowerAction.Suspend: return "power:suspend";
            default: return "power:reset";
        }
    }

    public static async Task<VAppOperationResult> PowerAsync(VCloudConnection c, string vappHref, VAppPowerAction action, TimeSpan timeout, IProgress<int>? progress, CancellationToken ct)
    {
        var entity = await c.GetXmlAsync(vappHref, ct).ConfigureAwait(false);
        var state = VAppStatuses.Parse(entity.Attr("status")) ?? VAppStatus.Unknown;
        string status = state.Name();
        string? href = entity.LinkHref(Rel(action));
        if (href == null)
        {
            bool alreadyThere = action == VAppPowerAction.PowerOn ? state == VAppStatus.PoweredOn
                : action == VAppPowerAction.Suspend ? state == VAppStatus.Suspended
                : action == VAppPowerAction.Reset ? false
                : state == VAppStatus.PoweredOff || state == VAppStatus.Resolved || state == VAppStatus.VAppUndeployed;
            if (alreadyThere)
                return new VAppOperationResult { Changed = false, Note = $"already {status}", VApp = EntityMapper.ToVApp(entity, c) };
            throw new VCloudException(VCloudErrorKind.Conflict, "VAppPowerActionNotAvailable",
                $"vApp '{entity.Attr("name")}' is {status}{(IsBusy(entity) ? " and busy with another task" : "")}; the server offers no {action} action in this state.");
        }
        var task = await c.PostXmlAsync(href, null, null, ct).ConfigureAwait(false);
        if (task != null) await c.WaitForTaskAsync(task, timeout, progress, ct).ConfigureAwait(false);
        return new VAppOperationResult { Changed = true, VApp = await InventoryClient.GetVAppAsync(c, vappHref, ct).ConfigureAwait(false) };
    }

    /// <summary>Undeploys (power action powerOff, shutdown, suspend, force or default); a no-op when not deployed.</summary>
    public static async Task<VAppOperationResult> UndeployAsync(VCloudConnection c, string vappHref, string powerAction, TimeSpan timeout, IProgress<int>? progress, CancellationToken ct)
    {
        var entity = await c.GetXmlAsync(vappHref, ct).ConfigureAwait(false);
        string? href = entity.LinkHref("undeploy");
        if (href == null)
        {
            if (entity.AttrBool("deployed") != true)
                return new VAppOperationResult { Changed = false, Note = "not deployed", VApp = EntityMapper.ToVApp(entity, c) };
            throw new VCloudException(VCloudErrorKind.Conflict, "VAppUndeployNotAvailable",
                $"vApp '{entity.Attr("name")}' is deployed but the server offers no undeploy action now{(IsBusy(entity) ? " (it is busy with another task)" : "")}.");
        }
        var body = new XElement(VcdXml.Vcloud + "UndeployVAppParams", new XElement(VcdXml.Vcloud + "UndeployPowerAction", powerAction));
        var task = await c.PostXmlAsync(href, UndeployMediaType, body, ct).ConfigureAwait(false);
        if (task != null) await c.WaitForTaskAsync(task, timeout, progress, ct).ConfigureAwait(false);
        return new VAppOperationResult { Changed = true, VApp = await InventoryClient.GetVAppAsync(c, vappHref, ct).ConfigureAwait(false) };
    }

    /// <summary>
    /// Deletes a vApp. A deployed vApp is refused (vCD would answer "Stop the vApp and try again") unless
    /// <paramref name="undeployFirst"/>, which powers it off and undeploys it first.
    /// </summary>
    public static async Task RemoveAsync(VCloudConnection c, string vappHref, bool undeployFirst, TimeSpan timeout, IProgress<int>? progress, CancellationToken ct)
    {
        var entity = await c.GetXmlAsync(vappHref, ct).ConfigureAwait(false);
        if (entity.AttrBool("deployed") == true)
        {
            if (!undeployFirst)
                throw new VCloudException(VCloudErrorKind.Conflict, "VAppDeployed",
                    $"vApp '{entity.Attr("name")}' is deployed ({EntityMapper.StatusName(entity.Attr("status"))}); vCloud Director deletes only undeployed vApps. Run Stop-VApp -Undeploy first, or Remove-VApp -Stop.");
            await UndeployAsync(c, vappHref, "powerOff", timeout, progress, ct).ConfigureAwait(false);
            entity = await c.GetXmlAsync(vappHref, ct).ConfigureAwait(false);
        }
        string href = entity.LinkHref("remove") ?? vappHref;
        var task = await c.DeleteAsync(href, ct).ConfigureAwait(false);
        if (task != null) await c.WaitForTaskAsync(task, timeout, progress, ct).ConfigureAwait(false);
    }

    private static bool IsBusy(XElement entity) => entity.V("Tasks")?.HasElements == true;
}
