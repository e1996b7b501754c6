using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>
/// Lists vApps through the query service, page by page: each vApp is written as soon as its page arrives, and the
/// next page is fetched while this one is written (one page ahead at most).
/// </summary>
[Cmdlet(VerbsCommon.Get, "VApp")]
[OutputType(typeof(VApp))]
public sealed class GetVAppCommand : VCloudCmdlet
{
    private const int ActivityId = 0x5641; // "VA"
    private readonly HashSet<string> _written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _foundNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    private bool _listingFailed;

    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(VAppNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    [Parameter]
    [ValidateSet("FAILED_CREATION", "UNRESOLVED", "RESOLVED", "DEPLOYED", "SUSPENDED", "POWERED_ON", "WAITING_FOR_INPUT", "UNKNOWN",
        "UNRECOGNIZED", "POWERED_OFF", "INCONSISTENT_STATE", "MIXED", "VAPP_UNDEPLOYED", "VAPP_PARTIALLY_DEPLOYED",
        "PARTIALLY_POWERED_OFF", "PARTIALLY_SUSPENDED", IgnoreCase = true)]
    public string[]? Status { get; set; }

    /// <summary>Only vApps in these VDCs (objects from Get-VCloudVdc, or names).</summary>
    [Parameter(ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(VdcNameCompleter))]
    [EntityTransformation(typeof(Vdc))]
    [ValidateNotNullOrEmpty]
    public Vdc[]? Vdc { get; set; }

    /// <summary>Only vApps of these organizations (objects or names; other orgs need a provider session).</summary>
    [Parameter(ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(OrgNameCompleter))]
    [EntityTransformation(typeof(Org))]
    [ValidateNotNullOrEmpty]
    public Org[]? Org { get; set; }

    /// <summary>Only vApps whose metadata has all these keys with these values, e.g. @{ dr = 'daily' }.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Collections.Hashtable? Metadata { get; set; }

    /// <summary>Records per query page (1-128).</summary>
    [Parameter]
    [ValidateRange(1, 128)]
    public int PageSize { get; set; } = VCloudConnection.MaxPageSize;

    protected override void ProcessRecord()
    {
        var names = new NameFilter(Name);
        string? serverStatus = Status != null && Status.Length == 1 ? Status[0].ToUpperInvariant() : null;

        foreach (var scope in Scopes())
        {
            foreach (var serverName in names.ServerQueries())
            {
                var q = new VAppQuery { Name = serverName, Status = serverStatus, VdcHref = scope.VdcHref, OrgHref = scope.OrgHref, PageSize = PageSize };
                if (!TryRun(scope.Target, () => List(scope.Connection, q, names))) { _listingFailed = true; break; }
            }
        }
    }

    protected override void EndProcessing()
    {
        // After a failed listing "not found" would be a guess: the failure was already reported.
        foreach (var name in _listingFailed ? Array.Empty<string>() : new NameFilter(Name).Literals)
            if (!_foundNames.Contains(name))
                WriteVCloudError(new VCloudException(VCloudErrorKind.NotFound, "VAppNotFound", $"vApp '{name}' was not found (or you have no access to it)."), name);
        base.EndProcessing();
    }

    private void List(VCloudConnection c, VAppQuery q, NameFilter names)
    {
        long seen = 0;
        foreach (var page in Stream(InventoryClient.GetVAppPages(c, q, CancellationToken)))
        {
            foreach (var vapp in page.VApps)
            {
                seen++;
                if (!names.Matches(vapp.Name)) continue;
                if (Status != null && !Status.Any(s => string.Equals(s, vapp.Status, StringComparison.OrdinalIgnoreCase))) continue;
                if (Metadata != null && !HasMetadata(c, vapp)) continue;
                if (!_written.Add(vapp.Href)) continue;
                _foundNames.Add(vapp.Name);
                WriteEntity(vapp);
            }
            if (page.Page.Total is long total && total > page.Page.PageSize)
            {
                Pump.Report(new TransferProgress
                {
                    ActivityId = ActivityId,
                    Activity = $"Listing vApps on {c.Server.Authority}",
                    StatusDescription = $"{seen} of {total}",
                    PercentComplete = (int)Math.Min(100, seen * 100 / Math.Max(1, total)),
                });
                Pump.Drain(this);
            }
        }
        CompleteProgress(ActivityId, "Listing vApps");
    }

    /// <summary>The query service cannot filter on metadata everywhere, so each candidate's metadata is read.</summary>
    private bool HasMetadata(VCloudConnection c, VApp vapp)
        => Core.Metadata.MetadataClient.Matches(Run(ct => Core.Metadata.MetadataClient.GetAsync(c, vapp.Href, vapp.Name, ct)), Metadata!);

    private sealed class Scope
    {
        public VCloudConnection Connection = null!;
        public string? VdcHref;
        public string? OrgHref;
        public object? Target;
    }

    private IEnumerable<Scope> Scopes()
    {
        if (Vdc != null)
        {
            foreach (var v in Vdc)
            {
                var c = ResolveConnection(v.Connection);
                IReadOnlyList<Vdc> vdcs = Array.Empty<Vdc>();
                if (!TryRun(v, () => vdcs = EntityResolver.Vdcs(c, v, CancellationToken))) continue;
                foreach (var vdc in vdcs) yield return new Scope { Connection = c, VdcHref = vdc.Href, Target = vdc };
            }
            yield break;
        }
        if (Org != null)
        {
            foreach (var o in Org)
            {
                if (!TryRun(o, () => ForeignObjects.Refuse(o))) continue;
                var c = ResolveConnection(o.Connection);
                if (!c.IsProvider)
                {
                    if (string.Equals(o.Name, c.Org, StringComparison.OrdinalIgnoreCase)) yield return new Scope { Connection = c, Target = o };
                    else WriteVCloudError(new VCloudException(VCloudErrorKind.NotFound, "OrgNotFound",
                        $"Organization '{o.Name}' is not visible to {c.User}@{c.Org}: a tenant session lists only its own organization."), o);
                    continue;
                }
                string? href = o.Href;
                if (string.IsNullOrEmpty(href) && !TryRun(o, () =>
                    {
                        href = Run(ct => InventoryClient.FindOrgHrefAsync(c, o.Name, ct))
                               ?? throw new VCloudException(VCloudErrorKind.NotFound, "OrgNotFound", $"Organization '{o.Name}' does not exist on {c.Server.Authority}.");
                    })) continue;
                yield return new Scope { Connection = c, OrgHref = href, Target = o };
            }
            yield break;
        }
        foreach (var c in ResolveConnections()) yield return new Scope { Connection = c, Target = c };
    }
}
