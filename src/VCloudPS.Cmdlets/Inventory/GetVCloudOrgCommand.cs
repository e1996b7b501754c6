using System;
using System.Management.Automation;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>Lists organizations visible to the session.</summary>
[Cmdlet(VerbsCommon.Get, "VCloudOrg")]
[OutputType(typeof(Org))]
public sealed class GetVCloudOrgCommand : VCloudCmdlet
{
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var filter = new NameFilter(Name);
        foreach (var c in ResolveConnections())
        {
            var found = new System.Collections.Generic.HashSet<string>(StringComparer.OrdinalIgnoreCase);
            bool ok = TryRun(c, () =>
            {
                foreach (var org in Run(ct => InventoryClient.GetOrgsAsync(c, ct)))
                {
                    if (!filter.Matches(org.Name)) continue;
                    found.Add(org.Name);
                    WriteEntity(org);
                }
            });
            if (ok) ReportMissing(filter, found, c);
        }
    }

    private void ReportMissing(NameFilter filter, System.Collections.Generic.HashSet<string> found, VCloudConnection c)
    {
        foreach (var name in filter.Literals)
            if (!found.Contains(name))
                WriteVCloudError(new VCloudException(VCloudErrorKind.NotFound, "OrgNotFound",
                    $"Organization '{name}' does not exist on {c.Server.Authority} or you have no access to it."), name);
    }
}
