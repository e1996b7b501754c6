using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Core.Migration;

/// <summary>What the planner read; the executor works from the same snapshot.</summary>
internal sealed class MoveContext
{
    public XElement SourceVApp = null!;
    public IReadOnlyList<Vm> SourceVms = Array.Empty<Vm>();
    public XElement DestinationVdc = null!;
    public string? SourceVdcHref;
    public string? SourceOrgHref;
    public string? DestinationOrgHref;
    public string Name = "";
    public bool SourceDeployed;
    public string SourceStatus = "";
    public string? JournalPath;
    public MoveJournal? Journal;
    /// <summary>Each source storage policy (of a VM or of a disk that overrides its VM's) → the destination policy
    /// it lands on; empty when <see cref="MoveOptions.StorageProfile"/> puts everything on one.</summary>
    public IReadOnlyDictionary<string, string> StorageTargets = new Dictionary<string, string>(StringComparer.Ordinal);
    /// <summary>Each source network → its destination network, or null when it stays disconnected (streamed and staged moves).</summary>
    public IReadOnlyDictionary<string, string?> NetworkTargets = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>The destination profile (href) of a VM whose source policy is <paramref name="policy"/>:
    /// -StorageProfile, else where the preflight resolved that policy, else null (the VDC's default).</summary>
    public string? ProfileHrefFor(string? policy, string? storageProfile)
    {
        var offered = MovePreflight.Refs(DestinationVdc.V("VdcStorageProfiles"), "VdcStorageProfile");
        var target = !string.IsNullOrEmpty(storageProfile) ? storageProfile
            : policy != null && StorageTargets.TryGetValue(policy, out var t) ? t : null;
        return target != null && offered.TryGetValue(target, out var href) ? href : null;
    }
}

/// <summary>Decides the method and checks, before anything changes, everything that would make a move fail
/// halfway: quota, networks, storage profiles, hardware versions, a taken name, the source's state.</summary>
public static class MovePreflight
{
    private static readonly XNamespace V = VcdXml.Vcloud;

    public static async Task<MovePlan> PlanAsync(MoveOptions options, CancellationToken ct)
        => (await PlanWithContextAsync(options, ct).ConfigureAwait(false)).plan;

    internal static async Task<(MovePlan plan, MoveContext context)> PlanWithContextAsync(MoveOptions o, CancellationToken ct)
    {
        var c = new MoveContext();
        c.SourceVApp = await o.Source.GetXmlAsync(o.SourceHref, ct).ConfigureAwait(false);
        if (c.SourceVApp.Name.LocalName != "VApp")
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "MoveSourceInvalid", $"'{o.SourceHref}' is a {c.SourceVApp.Name.LocalName}, not a vApp.");
        c.SourceVms = EntityMapper.VmsOf(c.SourceVApp, o.Source).ToList();
        c.DestinationVdc = await o.Destination.GetXmlAsync(o.DestinationVdcHref, ct).ConfigureAwait(false);
        c.SourceVdcHref = c.SourceVApp.LinkHref("up", "application/vnd.vmware.vcloud.vdc+xml");
        if (c.SourceVdcHref != null)
        {
            var sourceVdc = await o.Source.GetXmlAsync(c.SourceVdcHref, ct).ConfigureAwait(false);
            c.SourceOrgHref = sourceVdc.LinkHref("up", "application/vnd.vmware.vcloud.org+xml");
            DiskPolicies.NameOverrides(c.SourceVms, sourceVdc);
        }
        c.DestinationOrgHref = c.DestinationVdc.LinkHref("up", "application/vnd.vmware.vcloud.org+xml");
        var sourceName = c.SourceVApp.Attr("name") ?? "";
        c.Name = string.IsNullOrWhiteSpace(o.Name) ? sourceName : o.Name!;
        c.SourceDeployed = c.SourceVApp.AttrBool("deployed") ?? false;
        c.SourceStatus = EntityMapper.StatusName(c.SourceVApp.Attr("status"));

        var plan = new MovePlan
        {
            Kind = o.Kind, SourceName = sourceName, SourceHref = o.SourceHref, SourceServer = o.Source.Server.Authority, SourceStatus = c.SourceStatus,
            DestinationName = c.Name, DestinationVdc = c.DestinationVdc.Attr("name") ?? o.DestinationVdcHref, DestinationVdcHref = o.DestinationVdcHref,
            DestinationServer = o.Destination.Server.Authority, VmCount = c.SourceVms.Count,
            DiskBytes = c.SourceVms.Sum(v => v.Disks.Sum(d => d.SizeMB)) * 1024L * 1024,
        };

        var sameServer = Uri.Compare(o.Source.Server, o.Destination.Server, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
        var sameOrg = sameServer && c.SourceOrgHref != null && c.DestinationOrgHref != null
            && string.Equals(c.SourceOrgHref, c.DestinationOrgHref, StringComparison.OrdinalIgnoreCase);
        var sameVdc = sameOrg && string.Equals(c.SourceVdcHref, o.DestinationVdcHref, StringComparison.OrdinalIgnoreCase);
        var apiMove = ApiAtLeast(o.Source.ApiVersion, 34) && c.DestinationVdc.Links().Any(l => l.Attr("rel") == "add" && (l.Attr("href") ?? "").EndsWith("/action/moveVApp", StringComparison.Ordinal));

        if (!string.IsNullOrEmpty(o.StagingPath)) plan.Method = MoveMethod.Staged;
        else if (sameOrg && o.Kind == MoveKind.Move && !sameVdc && apiMove && string.IsNullOrWhiteSpace(o.Name)) plan.Method = MoveMethod.NativeMove;
        else if (sameOrg) plan.Method = MoveMethod.NativeClone;
        else plan.Method = MoveMethod.Streamed;
        var native = plan.Method == MoveMethod.NativeMove || plan.Method == MoveMethod.NativeClone;
        plan.BytesToSend = native ? 0 : plan.DiskBytes;
        if (sameServer && !sameOrg)
            plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Info, "CrossOrgStreamed",
                "Source and destination are in different organizations of one cloud; vCD's own copy and move do not cross organizations, so the vApp is streamed through the client."));

        if (plan.Method == MoveMethod.Streamed)
        {
            c.JournalPath = MoveJournal.PathFor(o.JournalFolder ?? MoveJournal.DefaultFolder(), o.Kind, o.Source.Server.Authority, o.SourceHref,
                o.Destination.Server.Authority, o.DestinationVdcHref);
            c.Journal = MoveJournal.TryLoad(c.JournalPath);
            if (c.Journal != null && !string.Equals(c.Journal.Name, c.Name, StringComparison.Ordinal)) c.Journal = null;
            plan.ResumesInterruptedMove = c.Journal?.DestinationVAppHref != null;
            if (plan.ResumesInterruptedMove)
                plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Info, "ResumingInterruptedMove",
                    $"An interrupted {o.Kind.ToString().ToLowerInvariant()} of '{sourceName}' to '{plan.DestinationVdc}' started {c.Journal!.StartedUtc:u} is continued; {c.Journal.CompletedFiles.Count} file(s) finished then are not sent again."));
        }
        CheckSourceState(plan, c, native);
        CheckName(plan, c, o);
        CheckQuota(plan, c, sameVdc && o.Kind == MoveKind.Move && plan.Method == MoveMethod.NativeMove);
        CheckHardware(plan, c);
        CheckStorageProfiles(plan, c, o);
        if (!native) CheckNetworks(plan, c, o);
        return (plan, c);
    }

    private static void CheckSourceState(MovePlan plan, MoveContext c, bool native)
    {
        var name = plan.SourceName;
        var busy = c.SourceVApp.V("Tasks")?.Elements(V + "Task").Any(t => t.Attr("status") is string s && s != "success" && s != "error" && s != "aborted" && s != "canceled") ?? false;
        if (busy)
            plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Blocker, "SourceBusy", $"vApp '{name}' is busy with another operation.", "Wait for its task to finish, then run the command again."));
        var status = c.SourceStatus;
        if (status == "UNRESOLVED" || status == "FAILED_CREATION" || status == "UNKNOWN")
            plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Blocker, "SourceNotResolved", $"vApp '{name}' is {status}; it cannot be copied or moved.", "Repair or remove it in the portal."));
        if (plan.Method == MoveMethod.NativeMove) return;   // vMotion: a running vApp may move
        var suspended = status == "SUSPENDED" || status == "PARTIALLY_SUSPENDED";
        if (plan.Kind == MoveKind.Move && c.SourceDeployed)
            plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Blocker, "SourceDeployed",
                $"vApp '{name}' is deployed ({status}); {(native ? "vCD's clone-and-delete move" : "a move through export")} needs it powered off and undeployed, or the copy would miss its latest changes.",
                $"Stop it with Stop-VApp -VApp '{name}' (it is undeployed), then move it; or use Copy-VApp, which copies a running vApp without stopping it."));
        else if (plan.Kind == MoveKind.Copy && suspended && !native)
            plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Blocker, "SourceSuspended",
                $"vApp '{name}' is suspended; its memory state cannot be exported.", $"Resume it (Start-VApp) or discard the suspended state, then copy it."));
        else if (plan.Kind == MoveKind.Copy && c.SourceDeployed && !native)
        {
            plan.UsesTemporaryClone = true;
            plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Info, "TemporaryClone",
                $"vApp '{name}' is deployed: it keeps running; a temporary clone in its own VDC is exported and removed afterwards."));
        }
    }

    /// <summary>-StorageProfile puts every VM and disk on one policy; otherwise each keeps its policy by name where
    /// the destination offers it, -StorageProfileMapping names the rest, and a policy left over blocks the move
    /// (the same resolver as Import-VApp's).</summary>
    private static void CheckStorageProfiles(MovePlan plan, MoveContext c, MoveOptions o)
    {
        var offered = Refs(c.DestinationVdc.V("VdcStorageProfiles"), "VdcStorageProfile");
        if (!string.IsNullOrEmpty(o.StorageProfile))
        {
            if (!offered.ContainsKey(o.StorageProfile!))
                plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Blocker, "StorageProfileNotFound",
                    $"VDC '{plan.DestinationVdc}' has no storage profile '{o.StorageProfile}'.", $"Use one of: {List(offered.Keys)}."));
            return;
        }
        var used = c.SourceVms.Select(v => v.StorageProfile)
            .Concat(c.SourceVms.SelectMany(v => v.Disks).Select(DiskPolicies.OwnPolicy))
            .Where(p => !string.IsNullOrEmpty(p)).Select(p => p!);
        try
        {
            c.StorageTargets = TargetMapping.ResolveStorageProfiles(used, offered.Keys,
                new MappingOptions { StorageProfileMapping = o.StorageProfileMapping }, plan.DestinationVdc);
        }
        catch (VCloudException ex)
        {
            plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Blocker, ex.ErrorId, ex.Message,
                "Or put every VM and disk on one policy with -StorageProfile."));
        }
    }

    private static void CheckName(MovePlan plan, MoveContext c, MoveOptions o)
    {
        var taken = (c.DestinationVdc.V("ResourceEntities")?.Elements(V + "ResourceEntity") ?? Enumerable.Empty<XElement>())
            .Any(r => (r.Attr("type") ?? "").IndexOf("vApp+xml", StringComparison.OrdinalIgnoreCase) >= 0
                      && string.Equals(r.Attr("name"), c.Name, StringComparison.OrdinalIgnoreCase)
                      && !string.Equals(r.Attr("href"), o.SourceHref, StringComparison.OrdinalIgnoreCase)
                      && !string.Equals(r.Attr("href"), c.Journal?.DestinationVAppHref, StringComparison.OrdinalIgnoreCase));
        var sameEntity = (c.DestinationVdc.V("ResourceEntities")?.Elements(V + "ResourceEntity") ?? Enumerable.Empty<XElement>())
            .Any(r => string.Equals(r.Attr("href"), o.SourceHref, StringComparison.OrdinalIgnoreCase) && string.Equals(r.Attr("name"), c.Name, StringComparison.OrdinalIgnoreCase));
        if (taken || sameEntity)
            plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Blocker, "NameTaken",
                $"VDC '{plan.DestinationVdc}' already has a vApp named '{c.Name}'.", "Give the copy another name with -Name."));
    }

    private static void CheckQuota(MovePlan plan, MoveContext c, bool sameVdc)
    {
        var storage = c.DestinationVdc.V("StorageCapacity");
        var limit = VcdXml.ParseLong(storage?.VText("Limit"));
        if (limit is null || limit <= 0 || sameVdc) return;
        var used = VcdXml.ParseLong(storage?.VText("Used")) ?? 0;
        var factor = string.Equals(storage?.VText("Units"), "GB", StringComparison.OrdinalIgnoreCase) ? 1024 : 1;
        var freeMB = (limit.Value - used) * factor;
        var needMB = plan.DiskBytes / (1024 * 1024);
        if (needMB > freeMB)
            plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Blocker, "DestinationQuotaExceeded",
                $"VDC '{plan.DestinationVdc}' has {freeMB.ToString("N0", CultureInfo.InvariantCulture)} MB of storage left; the vApp's disks need {needMB.ToString("N0", CultureInfo.InvariantCulture)} MB.",
                "Free storage there, raise its limit, or choose another VDC."));
    }

    private static void CheckHardware(MovePlan plan, MoveContext c)
    {
        var supported = (c.DestinationVdc.V("Capabilities")?.V("SupportedHardwareVersions")?.Elements(V + "SupportedHardwareVersion") ?? Enumerable.Empty<XElement>())
            .Select(e => e.Value.Trim()).Where(s => s.Length > 0).ToList();
        if (supported.Count == 0) return;
        var max = supported.Select(HardwareNumber).Max();
        foreach (var vm in c.SourceVms.Where(v => !string.IsNullOrEmpty(v.HardwareVersion)))
        {
            if (supported.Contains(vm.HardwareVersion!, StringComparer.OrdinalIgnoreCase)) continue;
            if (HardwareNumber(vm.HardwareVersion!) > max)
                plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Blocker, "HardwareVersionUnsupported",
                    $"VM '{vm.Name}' has hardware version {vm.HardwareVersion}; VDC '{plan.DestinationVdc}' runs at most {supported.OrderBy(HardwareNumber).Last()}.",
                    "Choose a VDC backed by newer hosts; hardware versions cannot be downgraded."));
            else
                plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Warning, "HardwareVersionUpgraded",
                    $"VM '{vm.Name}' has hardware version {vm.HardwareVersion}, which VDC '{plan.DestinationVdc}' does not list; the hosts run it in compatibility mode."));
        }
    }

    private static int HardwareNumber(string v)
        => int.TryParse(new string(v.SkipWhile(ch => !char.IsDigit(ch)).TakeWhile(char.IsDigit).ToArray()), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>The networks the source uses, resolved onto the destination by the one resolver Import-VApp uses
    /// too (<see cref="TargetMapping.ResolveNetworks"/>); what it refuses becomes a blocker.</summary>
    private static void CheckNetworks(MovePlan plan, MoveContext c, MoveOptions o)
    {
        var available = Refs(c.DestinationVdc.V("AvailableNetworks"), "Network");
        // The VMs' networks must land somewhere. A mapping of a network the VMs do not use (a vApp network, or one
        // shared by a runbook across vApps) is not an error, but its target must exist.
        var used = c.SourceVms.SelectMany(v => v.Nics).Select(n => n.Network).Where(n => !string.IsNullOrEmpty(n) && n != "none").Select(n => n!)
            .Concat(o.NetworkMapping.Keys);
        var disconnected = new List<string>();
        try
        {
            c.NetworkTargets = TargetMapping.ResolveNetworks(used, available.Keys,
                new MappingOptions { NetworkMapping = o.NetworkMapping, AllowDisconnectedNetworks = o.AllowDisconnectedNetworks },
                plan.DestinationVdc, disconnected.Add);
            foreach (var notice in disconnected)
                plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Warning, "NetworkDisconnected", notice));
        }
        catch (VCloudException ex)
        {
            var code = ex.ErrorId == "NetworkMappingRequired" ? "NetworkUnmapped" : "NetworkMappingInvalid";
            plan.Findings.Add(new MoveFinding(MoveFindingSeverity.Blocker, code, ex.Message,
                $"Add -NetworkMapping @{{ '<source network>' = '<network>' }} with one of: {List(available.Keys)}."));
        }
    }

    internal static Dictionary<string, string> Refs(XElement? container, string element)
        => (container?.Elements(V + element) ?? Enumerable.Empty<XElement>())
            .Where(e => e.Attr("name") != null)
            .GroupBy(e => e.Attr("name")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Attr("href") ?? "", StringComparer.Ordinal);

    private static string List(IEnumerable<string> names)
    {
        var l = names.Select(n => "'" + n + "'").ToList();
        return l.Count == 0 ? "(none)" : string.Join(", ", l);
    }

    internal static bool ApiAtLeast(string version, int major)
    {
        var head = version.Split('.')[0];
        return int.TryParse(head, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m >= major;
    }

    /// <summary>The error thrown when a plan has blockers: every blocker with its fix.</summary>
    public static VCloudException Refusal(MovePlan plan)
    {
        var blockers = plan.Blockers.ToList();
        var text = $"{plan.Kind} of '{plan.SourceName}' to '{plan.DestinationVdc}' was not started (nothing was changed): " +
                   string.Join(" ", blockers.Select(b => b.Fix == null ? b.Message : b.Message + " " + b.Fix));
        // The most telling blocker names the error: quota first, then a busy source, then state conflicts.
        var ranked = blockers.OrderBy(b => b.Code switch
        {
            "DestinationQuotaExceeded" => 0, "SourceBusy" => 1, "SourceDeployed" or "SourceSuspended" or "SourceNotResolved" or "NameTaken" => 2, _ => 3,
        }).First().Code;
        var kind = ranked switch
        {
            "DestinationQuotaExceeded" => VCloudErrorKind.QuotaExceeded,
            "SourceBusy" => VCloudErrorKind.Busy,
            "SourceDeployed" or "SourceSuspended" or "SourceNotResolved" or "NameTaken" => VCloudErrorKind.Conflict,
            _ => VCloudErrorKind.InvalidArgument,
        };
        return new VCloudException(kind, ranked, text);
    }
}
