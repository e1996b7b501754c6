using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Model;
using VCloudPS.Tests.Ovf;

namespace VCloudPS.Tests.Migration;

/// <summary>Export-VApp, Import-VApp and Get-VAppTemplate hosted in-process against the simulators: binding, pipeline,
/// progress records (parent + per-file children), error records, -WhatIf.</summary>
/// <remarks>In the "ConnectionRegistry" collection: Connect-VCloud changes the module-wide default connection, so cmdlet
/// tests of different classes must not run at the same time.</remarks>
[Collection("ConnectionRegistry")]
public sealed class TransferCmdletTests : IClassFixture<EnterpriseCloud>, IClassFixture<ProviderCloud>, IDisposable
{
    private readonly EnterpriseCloud _ent;
    private readonly ProviderCloud _prov;
    private readonly Runspace _runspace;
    private readonly Scratch _scratch = new();

    public TransferCmdletTests(EnterpriseCloud ent, ProviderCloud prov)
    {
        _ent = ent; _prov = prov;
        var iss = InitialSessionState.CreateDefault();
        iss.ImportPSModule(new[] { typeof(VCloudPS.Cmdlets.Transfer.ExportVAppCommand).Assembly.Location });
        _runspace = RunspaceFactory.CreateRunspace(iss);
        _runspace.Open();
        _runspace.SessionStateProxy.SetVariable("Work", _scratch.Path);
        Run("$ent = Connect-VCloud -Server $u1 -Credential $c1; $prov = Connect-VCloud -Server $u2 -Credential $c2",
            ("u1", ent.BaseUri), ("c1", new PSCredential("admin@ent", new NetworkCredential("", "Ent-Admin-2026!").SecurePassword)),
            ("u2", prov.BaseUri), ("c2", new PSCredential("admin@acme", new NetworkCredential("", "Acme-Admin-2026!").SecurePassword)));
    }

    private (List<object> output, List<ErrorRecord> errors, List<ProgressRecord> progress) Run(string script, params (string name, object value)[] vars)
    {
        foreach (var (n, v) in vars) _runspace.SessionStateProxy.SetVariable(n, v);
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        var output = ps.Invoke().Select(o => o.BaseObject).ToList();
        return (output, ps.Streams.Error.ToList(), ps.Streams.Progress.ToList());
    }

    [Fact]
    public void ExportPipesIntoImportWithProgressBarsPerFile()
    {
        var (output, errors, progress) = Run("Get-VApp -Name reporting -Server $ent | Export-VApp -Path (Join-Path $Work 'rep.ova') -ThrottleLimit 2");
        Assert.Empty(errors);
        var result = Assert.IsType<ExportResult>(Assert.Single(output));
        Assert.True(File.Exists(result.Path));
        var parent = progress.Where(p => p.Activity.StartsWith("Export-VApp reporting", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(parent);
        Assert.Contains(progress, p => p.ActivityId == parent[0].ParentActivityId && p.Activity == "Export-VApp" && p.ParentActivityId == -1);
        Assert.Contains(parent, p => p.RecordType == ProgressRecordType.Completed);
        var children = progress.Where(p => p.ParentActivityId == parent[0].ActivityId).ToList();
        Assert.Contains(children, c => c.Activity.EndsWith(".vmdk", StringComparison.Ordinal));
        Assert.Contains(children, c => c.RecordType == ProgressRecordType.Completed);

        var (imported, importErrors, _) = Run("$r | Import-VApp -Vdc (Get-VCloudVdc -Name acme-payg -Server $prov) -Name rep-copy -NetworkMapping @{ 'ent-app-net' = 'acme-net' } -Confirm:$false",
            ("r", result));
        Assert.Empty(importErrors);
        var vapp = Assert.IsType<VApp>(Assert.Single(imported));
        Assert.Equal("rep-copy", vapp.Name);
        Assert.Equal(1, vapp.NumberOfVMs);
    }

    [Fact]
    public async Task CtrlCStopsAnExportMidDownloadAndLeavesNoFile()
    {
        // Every disk GET is held by the server long enough that the export is certainly in flight when stopped.
        _ent.Sim.Faults.Add(new VCloudPS.Simulator.Faults.Fault
        {
            PathPattern = "/transfer/*.vmdk", Method = "GET", Kind = VCloudPS.Simulator.Faults.FaultKinds.Slow, DelayMs = 60_000, Count = 50,
        });
        try
        {
            using var ps = PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddScript("Get-VApp -Name reporting -Server $ent | Export-VApp -Path (Join-Path $Work 'stopped.ova')");
            var downloading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ps.Streams.Progress.DataAdded += (_, e) =>
            {
                var record = ps.Streams.Progress[e.Index];
                if ((record.StatusDescription ?? "").StartsWith("Downloading", StringComparison.Ordinal) ||
                    (record.CurrentOperation ?? "").StartsWith("Downloading", StringComparison.Ordinal))
                    downloading.TrySetResult();
            };
            var invocation = ps.BeginInvoke();
            await downloading.Task.WaitAsync(TimeSpan.FromSeconds(60));   // a hang guard, not a timing assertion

            await Task.Factory.FromAsync(ps.BeginStop(null, null), ps.EndStop).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(invocation));
            Assert.Empty(ps.Streams.Error);
            Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_scratch.Path, "*", SearchOption.AllDirectories),
                f => f.Contains("stopped", StringComparison.Ordinal));
        }
        finally
        {
            _ent.Sim.Faults.Clear();
        }
    }

    [Fact]
    public void ImportIntoAnUnknownCatalogFailsBeforeUploadingAnything()
    {
        var before = Run("@(Get-VApp -Server $prov).Count").output.Single();
        var (output, errors, _) = Run("Import-VApp -Path $p -Vdc acme-payg -Catalog no-such-catalog -Server $prov -Confirm:$false",
            ("p", OvfTestData.Data("ovftool-sha1", "web-appliance.ovf")));

        Assert.Empty(output);
        var e = Assert.Single(errors);
        Assert.Equal("CatalogNotFound,VCloudPS.Cmdlets.Transfer.ImportVAppCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Contains("no-such-catalog", e.Exception.Message);
        Assert.Equal(before, Run("@(Get-VApp -Server $prov).Count").output.Single());
    }

    [Fact]
    public void DeployedVAppGivesANonTerminatingErrorWithStableId()
    {
        var (output, errors, _) = Run("Export-VApp -VApp legacy-erp -Server $ent -Path (Join-Path $Work 'erp.ova')");
        Assert.Empty(output);
        var e = Assert.Single(errors);
        Assert.Equal("VAppDeployed,VCloudPS.Cmdlets.Transfer.ExportVAppCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, e.CategoryInfo.Category);
        Assert.Equal("legacy-erp", Assert.IsType<VApp>(e.TargetObject).Name);
        Assert.False(File.Exists(_scratch.File("erp.ova")));
    }

    [Fact]
    public void WhatIfTouchesNothing()
    {
        var (_, errors, _) = Run(@"Get-VApp -Name reporting -Server $ent | Export-VApp -Path (Join-Path $Work 'w.ova') -WhatIf
            Import-VApp -Path (Join-Path $Work 'missing.ova') -Vdc (Get-VCloudVdc -Name acme-payg -Server $prov) -WhatIf");
        Assert.Empty(errors);
        Assert.Empty(Directory.GetFileSystemEntries(_scratch.Path));
    }

    [Fact]
    public void TemplatesAreListedAndExportedIntoOneFolderEach()
    {
        var (templates, errors, _) = Run("Get-VAppTemplate -Server $ent -Catalog ent-templates");
        Assert.Empty(errors);
        Assert.Equal(new[] { "ubuntu-22.04", "win2022" }, templates.Cast<VAppTemplate>().Select(t => t.Name).OrderBy(n => n));
        var (exports, exportErrors, _) = Run("Get-VAppTemplate -Server $ent -Name ubuntu* | Export-VApp -Path (Join-Path $Work 'tpl')");
        Assert.Empty(exportErrors);
        var r = Assert.IsType<ExportResult>(Assert.Single(exports));
        Assert.Equal(("VAppTemplate", "OVF"), (r.SourceType, r.Format));
        Assert.True(File.Exists(_scratch.File("tpl/ubuntu-22.04/ubuntu-22.04.mf")));
    }

    [Fact]
    public void BadPackageIsReportedPerItemWithItsErrorId()
    {
        Directory.CreateDirectory(_scratch.File("bad"));
        File.WriteAllText(_scratch.File("bad/x.ovf"), "<Envelope xmlns='http://schemas.dmtf.org/ovf/envelope/1'><VirtualSystem/></Envelope>");
        var (output, errors, _) = Run("Import-VApp -Path (Join-Path $Work 'bad/x.ovf') -Vdc (Get-VCloudVdc -Name acme-payg -Server $prov) -Confirm:$false");
        Assert.Empty(output);
        var e = Assert.Single(errors);
        Assert.Equal("OvfDescriptorInvalid,VCloudPS.Cmdlets.Transfer.ImportVAppCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
    }

    public void Dispose() { _runspace.Dispose(); _scratch.Dispose(); }
}
