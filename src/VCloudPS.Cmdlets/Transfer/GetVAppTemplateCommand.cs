using System;
using System.Management.Automation;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets.Transfer;

/// <summary>Lists vApp templates in the catalogs the connection can see.</summary>
[Cmdlet(VerbsCommon.Get, "VAppTemplate", DefaultParameterSetName = "ByName")]
[OutputType(typeof(VAppTemplate))]
public sealed class GetVAppTemplateCommand : VCloudCmdlet
{
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Only templates of this catalog (object from Get-VCloudCatalog, or its name).</summary>
    [Parameter(ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    [ValidateNotNull]
    public object? Catalog { get; set; }

    private static readonly string[] AllNames = new[] { "*" };

    protected override void ProcessRecord()
    {
        var catalog = Catalog is PSObject pso ? pso.BaseObject : Catalog;
        var connections = catalog is Catalog owned ? new[] { ResolveConnection(owned.Connection) } : ResolveConnections();
        var catalogName = catalog is Catalog c ? c.Name : catalog?.ToString();
        var patterns = Array.ConvertAll(Name ?? AllNames, n => new WildcardPattern(n, WildcardOptions.IgnoreCase));
        foreach (var connection in connections)
        {
            string? filter = null;
            if (Name != null && Name.Length == 1 && !WildcardPattern.ContainsWildcardCharacters(Name[0])) filter = QueryFilter.Eq("name", Name[0], connection.ApiVersion);
            if (catalogName != null) filter = QueryFilter.And(filter, QueryFilter.Eq("catalogName", catalogName, connection.ApiVersion));
            var type = connection.IsProvider ? "adminVAppTemplate" : "vAppTemplate";
            TryRun(catalog ?? connection, () =>
            {
                foreach (var record in connection.QueryRecords(type, filter, CancellationToken, sortAsc: "name"))
                {
                    var t = EntityMapper.ToVAppTemplate(record, connection);
                    // Admin records name their org only by href.
                    if (t.OrgName == null && record.Attr("org") is string orgHref)
                        t.OrgName = Run(ct => InventoryClient.OrgNameAsync(connection, orgHref, ct));
                    if (Array.Exists(patterns, p => p.IsMatch(t.Name))) WriteEntity(t);
                }
            });
        }
    }
}
