using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using VCloudPS.Core.Api;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Migration;

/// <summary>Moves or copies one vApp (vcd-api.md §6): preflight first (nothing changes when it finds a blocker),
/// then vCD's own <c>moveVApp</c>/<c>cloneVApp</c> inside one organization, or a streamed export → import across
/// organizations and clouds (<see cref="StreamedMove"/>). The source is removed only after the destination exists,
/// is verified and (with PowerOn) runs.</summary>
public sealed class MoveService
{
    private static readonly XNamespace V = VcdXml.Vcloud;
    private const string MoveParamsType = "application/vnd.vmware.vcloud.moveVAppParams+xml";
    private const string CloneParamsType = "application/vnd.vmware.vcloud.cloneVAppParams+xml";
    private readonly Action<string>? _log;

    public MoveService(Action<string>? log = null) { _log = log; }

    public Task<MovePlan> PlanAsync(MoveOptions options, CancellationToken ct) => MovePreflight.PlanAsync(options, ct);

    public async Task<MoveResult> RunAsync(MoveOptions options, IProgress<TransferSnapshot>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var (plan, context) = await MovePreflight.PlanWithContextAsync(options, ct).ConfigureAwait(false);
        foreach (var f in plan.Findings.Where(f => f.Severity != MoveFindingSeverity.Blocker)) _log?.Invoke(f.ToString());
        if (!plan.CanProceed) throw MovePreflight.Refusal(plan);
        _log?.Invoke($"{plan.Kind} of '{plan.SourceName}' to '{plan.DestinationVdc}' by {plan.MethodDescription}.");
        if (options.Resume && plan.Method != MoveMethod.Streamed) _log?.Invoke("-Resume applies to streamed moves only; this one runs in vCD in one step.");

        MoveResult result;
        switch (plan.Method)
        {
            case MoveMethod.NativeMove: result = await NativeMoveAsync(options, plan, context, ct).ConfigureAwait(false); break;
            case MoveMethod.NativeClone: result = await NativeCloneAsync(options, plan, context, ct).ConfigureAwait(false); break;
            case MoveMethod.Staged: result = await new StagedMove(_log).RunAsync(options, plan, context, progress, ct).ConfigureAwait(false); break;
            default: result = await new StreamedMove(_log).RunAsync(options, plan, context, progress, ct).ConfigureAwait(false); break;
        }
        result.Duration = clock.Elapsed;
        return result;
    }

    private static MoveResult NewResult(MoveOptions o, MovePlan plan) => new MoveResult
    {
        Kind = o.Kind, Source = plan.SourceName, SourceHref = plan.SourceHref, SourceServer = plan.SourceServer,
        Name = plan.DestinationName, Destination = plan.DestinationVdc, DestinationServer = plan.DestinationServer, Method = plan.Method,
    };

    private async Task<MoveResult> NativeMoveAsync(MoveOptions o, MovePlan plan, MoveContext c, CancellationToken ct)
    {
        var vdc = c.DestinationVdc;
        var href = AddLink(vdc, "/action/moveVApp");
        var body = new XElement(V + "MoveVAppParams",
            new XElement(V + "Source", new XAttribute("href", o.SourceHref)),
            c.SourceVms.Select(vm => SourcedItem(vm.Href, c.ProfileHrefFor(vm.StorageProfile, o.StorageProfile))));
        var task = await o.Destination.PostXmlAsync(href, MoveParamsType, body, ct).ConfigureAwait(false);
        if (task != null) await o.Destination.WaitForTaskAsync(task, o.Transfer.TaskTimeout, null, ct).ConfigureAwait(false);
        var result = NewResult(o, plan);
        result.DestinationHref = o.SourceHref;   // moveVApp keeps the id
        result.SourceRemoved = true;
        await DiskPolicies.RestoreAsync(o.Destination, o.SourceHref, c, o, _log, ct).ConfigureAwait(false);
        await PowerOnIfAsked(o, o.SourceHref, ct).ConfigureAwait(false);
        result.VApp = await InventoryClient.GetVAppAsync(o.Destination, o.SourceHref, ct).ConfigureAwait(false);
        return result;
    }

    private async Task<MoveResult> NativeCloneAsync(MoveOptions o, MovePlan plan, MoveContext c, CancellationToken ct)
    {
        var vdc = c.DestinationVdc;
        var href = AddLink(vdc, "/action/cloneVApp");
        var crossVdc = !string.Equals(c.SourceVdcHref, o.DestinationVdcHref, StringComparison.OrdinalIgnoreCase);
        var body = new XElement(V + "CloneVAppParams", new XAttribute("name", plan.DestinationName), new XAttribute("deploy", "false"), new XAttribute("powerOn", "false"),
            new XElement(V + "Description", c.SourceVApp.VText("Description") ?? ""),
            new XElement(V + "Source", new XAttribute("href", o.SourceHref)),
            new XElement(V + "IsSourceDelete", o.Kind == MoveKind.Move ? "true" : "false"),
            crossVdc || o.StorageProfile != null ? c.SourceVms.Select(vm => SourcedItem(vm.Href, c.ProfileHrefFor(vm.StorageProfile, o.StorageProfile))) : null);
        var created = await o.Destination.PostXmlAsync(href, CloneParamsType, body, ct).ConfigureAwait(false)
            ?? throw new VCloudException(VCloudErrorKind.Protocol, "InvalidResponse", "cloneVApp returned no vApp.");
        var newHref = created.Attr("href")!;
        try { await o.Destination.WaitForTaskAsync(created, o.Transfer.TaskTimeout, null, ct).ConfigureAwait(false); }
        catch (Exception ex) when (!(ex is OperationCanceledException))
        {
            var cleanup = await PartialCleanup.RemoveAsync(o.Destination, newHref, "partial copy at the destination", _log).ConfigureAwait(false);
            throw new VCloudException(ex is VCloudException v ? v.Kind : VCloudErrorKind.TaskFailed, "MoveFailed",
                $"{plan.Kind} of '{plan.SourceName}' failed in vCD's clone: {ex.Message} The source is unchanged. {cleanup}", ex);
        }
        var result = NewResult(o, plan);
        result.DestinationHref = newHref;
        result.SourceRemoved = o.Kind == MoveKind.Move;
        await DiskPolicies.RestoreAsync(o.Destination, newHref, c, o, _log, ct).ConfigureAwait(false);
        await PowerOnIfAsked(o, newHref, ct).ConfigureAwait(false);
        result.VApp = await InventoryClient.GetVAppAsync(o.Destination, newHref, ct).ConfigureAwait(false);
        return result;
    }

    private static async Task PowerOnIfAsked(MoveOptions o, string href, CancellationToken ct)
    {
        if (!o.PowerOn) return;
        await VAppOperations.PowerAsync(o.Destination, href, VAppPowerAction.PowerOn, o.Transfer.TaskTimeout, null, ct).ConfigureAwait(false);
    }

    private static XElement SourcedItem(string vmHref, string? profileHref)
        => new XElement(V + "SourcedItem", new XElement(V + "Source", new XAttribute("href", vmHref)),
            profileHref == null ? null : new XElement(V + "StorageProfile", new XAttribute("href", profileHref)));

    internal static string AddLink(XElement vdc, string action)
        => vdc.Links().FirstOrDefault(l => l.Attr("rel") == "add" && (l.Attr("href") ?? "").EndsWith(action, StringComparison.Ordinal))?.Attr("href")
           ?? vdc.Attr("href")!.TrimEnd('/') + action;
}
