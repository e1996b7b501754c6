using System;
using System.Collections.Generic;
using System.Management.Automation;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>Lists catalogs visible to the session.</summary>
[Cmdlet(VerbsCommon.Get, "VCloudCatalog")]
[OutputType(typeof(Catalog))]
public sealed class GetVCloudCatalogCommand : VCloudCmdlet
{
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var filter = new NameFilter(Name);
        foreach (var c in ResolveConnections())
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            TryRun(c, () =>
            {
                foreach (var serverName in filter.ServerQueries())
                    foreach (var cat in Stream(InventoryClient.GetCatalogs(c, serverName, CancellationToken)))
                        if (filter.Matches(cat.Name) && seen.Add(cat.Href)) WriteEntity(cat);
            });
        }
    }
}
