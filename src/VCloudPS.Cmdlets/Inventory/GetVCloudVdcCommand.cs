using System;
using System.Collections.Generic;
using System.Management.Automation;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>Lists organization VDCs with allocation model, capacity and usage.</summary>
[Cmdlet(VerbsCommon.Get, "VCloudVdc")]
[OutputType(typeof(Vdc))]
public sealed class GetVCloudVdcCommand : VCloudCmdlet
{
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(VdcNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Only VDCs of these organizations (objects or names).</summary>
    [Parameter(ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(OrgNameCompleter))]
    [EntityTransformation(typeof(Org))]
    [ValidateNotNullOrEmpty]
    public Org[]? Org { get; set; }

    protected override void ProcessRecord()
    {
        var filter = new NameFilter(Name);
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var foundNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        bool failed = false;
        foreach (var c in ConnectionsFor())
        {
            failed |= !TryRun(c, () =>
            {
                foreach (var serverName in filter.ServerQueries())
                    foreach (var vdc in Stream(InventoryClient.GetVdcs(c, serverName, CancellationToken)))
                    {
                        if (!filter.Matches(vdc.Name) || !OrgMatches(vdc)) continue;
                        if (!found.Add(vdc.Href)) continue;
                        foundNames.Add(vdc.Name);
                        WriteEntity(vdc);
                    }
            });
        }
        foreach (var name in failed ? Array.Empty<string>() : filter.Literals)
            if (!foundNames.Contains(name))
                WriteVCloudError(new VCloudException(VCloudErrorKind.NotFound, "VdcNotFound", $"VDC '{name}' does not exist or you have no access to it."), name);
    }

    private IEnumerable<VCloudConnection> ConnectionsFor()
    {
        if (Org != null)
        {
            var seen = new HashSet<VCloudConnection>();
            foreach (var o in Org)
            {
                if (!TryRun(o, () => ForeignObjects.Refuse(o))) continue;
                var c = ResolveConnection(o.Connection);
                if (seen.Add(c)) yield return c;
            }
            yield break;
        }
        foreach (var c in ResolveConnections()) yield return c;
    }

    private bool OrgMatches(Vdc vdc)
    {
        if (Org == null) return true;
        foreach (var o in Org)
        {
            if (!string.IsNullOrEmpty(o.Href) && string.Equals(o.Href, vdc.OrgHref, StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(o.Name, vdc.OrgName, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
