using System.Management.Automation;
using VCloudPS.Cmdlets;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;
using VCloudPS.Tests.Api;

namespace VCloudPS.Tests.Cmdlets;

/// <summary>The cmdlets in a runspace against the in-process simulator: connect, inventory pipeline, WhatIf, ErrorIds.</summary>
[Collection("ConnectionRegistry")]
public sealed class CmdletSimulatorTests : IClassFixture<TestSimulator>, IDisposable
{
    private readonly TestSimulator _sim;
    private readonly PowerShellHost _ps = new();

    public CmdletSimulatorTests(TestSimulator sim) => _sim = sim;

    public void Dispose()
    {
        _ps.Invoke("Disconnect-VCloud -All");
        _ps.Dispose();
    }

    private PowerShellHost.Result Run(string script) => _ps.Invoke(script, new Dictionary<string, object?>
    {
        ["url"] = _sim.BaseUri.ToString(),
        ["cred"] = new PSCredential("admin@ent", SimulatorConnections.Secure(SimulatorConnections.AdminPassword)),
        ["token"] = SimulatorConnections.Secure(SimulatorConnections.AdminToken),
    });

    [Fact]
    public void ConnectionsAreRegisteredAndTheMostRecentIsTheDefault()
    {
        var r = Run("$a = Connect-VCloud -Server $url -Credential $cred; $b = Connect-VCloud -Server $url -Org ent -ApiToken $token; (Get-VCloudConnection -Default) -eq $b; (Get-VCloudConnection).Count; $c = Connect-VCloud $url -Credential $cred -NotDefault; (Get-VCloudConnection -Default) -eq $b; (Get-VCloudConnection -Default).AuthMethod");
        Assert.Null(r.Terminating);
        Assert.Empty(r.Errors);
        Assert.Equal(new object[] { true, 2, true }, r.Output.Select(o => o.BaseObject).Where(o => o is bool || o is int).ToArray());
        Assert.Equal("ApiToken", r.Output.Last().BaseObject);
    }

    [Fact]
    public void ConnectionsBelongToTheRunspaceThatMadeThem()
    {
        using var other = new PowerShellHost();
        Assert.Empty(Run("$null = Connect-VCloud -Server $url -Credential $cred").Errors);

        var elsewhere = other.Invoke("@(Get-VCloudConnection).Count; Get-VApp");

        Assert.Equal(0, elsewhere.Output.First().BaseObject);
        var record = (elsewhere.Terminating as RuntimeException)?.ErrorRecord ?? Assert.Single(elsewhere.Errors);
        Assert.StartsWith("NotConnected,", record.FullyQualifiedErrorId);
        Assert.Equal(1, Run("@(Get-VCloudConnection).Count").Output.Single().BaseObject);
    }

    [Fact]
    public void InventoryPipelineByValueFromVdcToVappToVm()
    {
        var r = Run("$null = Connect-VCloud -Server $url -Credential $cred; Get-VCloudVdc -Name ent-prod | Get-VApp -Name 'sh*' | Get-VAppVM");
        Assert.Empty(r.Errors);
        var vms = r.Objects<Vm>().ToList();
        Assert.Equal(4, vms.Count);
        Assert.Equal(34816, vms.Sum(v => v.MemoryMB));
        Assert.All(vms, v => Assert.Equal("ent-prod", v.VdcName));
    }

    [Fact]
    public void StatusAndOrgFiltersAndNameStringsForEntityParameters()
    {
        var r = Run("$null = Connect-VCloud -Server $url -Credential $cred; Get-VApp -Status POWERED_ON -Vdc ent-prod -Org ent | ForEach-Object Status | Sort-Object -Unique");
        Assert.Empty(r.Errors);
        Assert.Equal("POWERED_ON", Assert.Single(r.Output).ToString());
    }

    [Fact]
    public void StopWithWhatIfChangesNothingAndRemoveWithoutStopIsRefused()
    {
        var before = _sim.Host.Simulation.Store.Tasks.Count;
        var r = Run("$null = Connect-VCloud -Server $url -Credential $cred; Get-VApp shop | Stop-VApp -WhatIf; Get-VApp shop | Remove-VApp -WhatIf -Stop; (Get-VApp shop).Status");
        Assert.Empty(r.Errors);
        Assert.Equal("POWERED_ON", r.Output.Last().ToString());
        Assert.Equal(before, _sim.Host.Simulation.Store.Tasks.Count);
    }

    [Fact]
    public void WrongPasswordIsALoginFailedAuthenticationError()
    {
        var r = _ps.Invoke("Connect-VCloud -Server $url -Credential ([pscredential]::new('admin@ent', (ConvertTo-SecureString 'nope' -AsPlainText -Force)))",
            new Dictionary<string, object?> { ["url"] = _sim.BaseUri.ToString() });
        var record = (r.Terminating as RuntimeException)?.ErrorRecord ?? Assert.Single(r.Errors);
        Assert.Equal("LoginFailed,VCloudPS.Cmdlets.ConnectVCloudCommand", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, record.CategoryInfo.Category);
        Assert.DoesNotContain("nope", record.ToString());
    }

    [Fact]
    public void PlainHttpToARemoteHostIsRefusedBeforeAnyRequest()
    {
        var r = Run("Connect-VCloud -Server http://vcd.example.com -Credential $cred");
        var record = (r.Terminating as RuntimeException)?.ErrorRecord ?? Assert.Single(r.Errors);
        Assert.Equal("InsecureServerUri,VCloudPS.Cmdlets.ConnectVCloudCommand", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
    }

    [Fact]
    public void StartAndStopVCloudSimulatorRunAChildProcessAndLeaveNothingBehind()
    {
        var started = _ps.Invoke("$s = Start-VCloudSimulator -Seed enterprise; $s; $s.Users.Count; $s.Credential.UserName");
        Assert.Null(started.Terminating);
        Assert.Empty(started.Errors);
        var sim = Assert.Single(started.Objects<SimulatorInstance>());
        var dataDirectory = sim.OwnedDataDirectory;
        Assert.True(Directory.Exists(dataDirectory));
        Assert.StartsWith("http://127.0.0.1:", sim.Url.ToString());
        Assert.Equal("admin@ent", started.Output[2].ToString());
        Assert.All(sim.Users, u => Assert.IsType<System.Security.SecureString>(u.Password));

        var stopped = _ps.Invoke("$s | Stop-VCloudSimulator; $s.HasExited");

        Assert.Empty(stopped.Errors);
        Assert.True((bool)stopped.Output.Single().BaseObject);
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(sim.ProcessId));
        Assert.False(Directory.Exists(dataDirectory), "the simulator's temporary data folder must be removed");
    }

    [Fact]
    public void NamesCompleteFromTheServer()
    {
        var r = Run("$null = Connect-VCloud -Server $url -Credential $cred; (TabExpansion2 -inputScript 'Get-VApp -Name sh' -cursorColumn 17).CompletionMatches.CompletionText; (TabExpansion2 -inputScript 'Get-VApp -Vdc ent-p' -cursorColumn 19).CompletionMatches.CompletionText");
        Assert.Empty(r.Errors);
        var texts = r.Output.Select(o => o.ToString()).ToList();
        Assert.Contains("shop", texts);
        Assert.Contains("ent-prod", texts);
        Assert.DoesNotContain("crm", texts);
    }

    [Fact]
    public void LongListingsAndTaskWaitsWriteProgressAndCompleteIt()
    {
        var r = Run("$c = Connect-VCloud -Server $url -Credential $cred -NotDefault; $n = @(Get-VApp -Server $c -PageSize 2).Count; $n; Get-VApp -Server $c -Name shop | Stop-VApp -Server $c -Confirm:$false; Get-VApp -Server $c -Name shop | Start-VApp -Server $c -Confirm:$false");
        Assert.Empty(r.Errors);
        var listing = r.Progress.Where(p => p.Activity.StartsWith("Listing vApps", StringComparison.Ordinal)).ToList();
        Assert.Contains(listing, p => p.RecordType == ProgressRecordType.Processing && p.PercentComplete > 0);
        Assert.Equal(ProgressRecordType.Completed, listing.Last().RecordType);
        Assert.Contains(r.Progress, p => p.Activity.Contains("Power off vApp 'shop'"));
        Assert.Contains(r.Progress, p => p.Activity.Contains("Power on vApp 'shop'"));
        Assert.Equal(ProgressRecordType.Completed, r.Progress[^1].RecordType);
    }
}
