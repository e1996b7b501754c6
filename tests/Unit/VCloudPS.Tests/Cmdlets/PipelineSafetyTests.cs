using System.Management.Automation;
using VCloudPS.Core.Model;
using VCloudPS.Tests.Api;

namespace VCloudPS.Tests.Cmdlets;

/// <summary>Changing vApps from a paged Get-VApp pipeline must not skip any (own simulator: it changes state).</summary>
[Collection("ConnectionRegistry")]
public sealed class PipelineSafetyTests : IClassFixture<TestSimulator>, IDisposable
{
    private readonly TestSimulator _sim;
    private readonly PowerShellHost _ps = new();

    public PipelineSafetyTests(TestSimulator sim) => _sim = sim;

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void StoppingEveryRunningVAppThroughSmallPagesSkipsNone()
    {
        var vars = new Dictionary<string, object?>
        {
            ["url"] = _sim.BaseUri.ToString(),
            ["cred"] = new PSCredential("admin@ent", SimulatorConnections.Secure(SimulatorConnections.AdminPassword)),
        };
        var r = _ps.Invoke(@"
            $c = Connect-VCloud -Server $url -Credential $cred -NotDefault
            $running = @(Get-VApp -Server $c -Status POWERED_ON).Name
            $stopped = @(Get-VApp -Server $c -Status POWERED_ON -PageSize 1 | Stop-VApp -Server $c -Confirm:$false -PassThru)
            [pscustomobject]@{ Running = $running; Stopped = @($stopped.Name); StillOn = @(Get-VApp -Server $c -Status POWERED_ON).Count }
            $c | Disconnect-VCloud", vars);
        Assert.Null(r.Terminating);
        Assert.Empty(r.Errors);
        var o = r.Output.Single(x => x.Properties["Running"] != null);
        var running = ((object[])o.Properties["Running"].Value).Select(x => x.ToString()).ToList();
        var stopped = ((object[])o.Properties["Stopped"].Value).Select(x => x.ToString()).ToList();
        Assert.True(running.Count >= 2, "the seed should have several running vApps");
        Assert.Equal(running.OrderBy(x => x), stopped.OrderBy(x => x));
        Assert.Equal(0, (int)o.Properties["StillOn"].Value);
    }
}
