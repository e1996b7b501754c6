using System;
using System.Management.Automation;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>Lists the VMs of vApps (or of every vApp the connections can see) with CPU, memory, disks and NICs.</summary>
[Cmdlet(VerbsCommon.Get, "VAppVM", DefaultParameterSetName = "VApp")]
[OutputType(typeof(Vm))]
public sealed class GetVAppVMCommand : VCloudCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = "VApp")]
    [ArgumentCompleter(typeof(VAppNameCompleter))]
    [EntityTransformation(typeof(VApp))]
    [ValidateNotNullOrEmpty]
    public VApp[] VApp { get; set; } = Array.Empty<VApp>();

    /// <summary>vApp hrefs, e.g. from objects with a VAppHref property (VMs, CSV rows).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Href")]
    [ValidateNotNullOrEmpty]
    public string[] VAppHref { get; set; } = Array.Empty<string>();

    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var names = new NameFilter(Name);
        if (ParameterSetName == "Href")
        {
            var c = ResolveConnection();
            foreach (var href in VAppHref)
                TryRun(href, () => WriteVms(c, href, names));
            return;
        }
        if (VApp.Length == 0 && !MyInvocation.BoundParameters.ContainsKey(nameof(VApp)))
        {   // no vApp given: the VMs of every vApp, on every connection of -Server
            foreach (var c in ResolveConnections())
                TryRun(c, () =>
                {
                    var query = new VAppQuery { PageSize = VCloudConnection.MaxPageSize };
                    foreach (var page in Stream(InventoryClient.GetVAppPages(c, query, CancellationToken)))
                        foreach (var vapp in page.VApps)
                            WriteVms(c, vapp.Href, names);
                });
            return;
        }
        foreach (var input in VApp)
        {
            var c = ResolveConnection(input.Connection);
            TryRun(input, () =>
            {
                foreach (var vapp in EntityResolver.VApps(c, input, requireUnique: false, CancellationToken))
                    WriteVms(c, vapp.Href, names);
            });
        }
    }

    private void WriteVms(VCloudConnection c, string href, NameFilter names)
    {
        foreach (var vm in Run(ct => InventoryClient.GetVmsAsync(c, href, ct)))
            if (names.Matches(vm.Name)) WriteEntity(vm);
    }
}
