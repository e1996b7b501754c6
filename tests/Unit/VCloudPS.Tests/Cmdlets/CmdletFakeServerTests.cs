using System.Management.Automation;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;
using VCloudPS.Tests.Api;

namespace VCloudPS.Tests.Cmdlets;

/// <summary>Cmdlets in a real runspace against a scripted server: binding, ShouldProcess, error records.</summary>
[Collection("ConnectionRegistry")]
public sealed class CmdletFakeServerTests : IDisposable
{
    private const string Ns = "http://www.vmware.com/vcloud/v1.5";
    private readonly PowerShellHost _ps = new();
    private readonly FakeVcd _vcd = new();
    private readonly VCloudConnection _conn;

    private static string VAppXml(bool deployed, string status) =>
        $"<VApp xmlns=\"{Ns}\" xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\" xmlns:rasd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData\" name=\"shop\" status=\"{status}\" deployed=\"{deployed.ToString().ToLowerInvariant()}\" id=\"urn:vcloud:vapp:11111111-1111-1111-1111-111111111111\" href=\"{FakeVcd.Base}api/vApp/vapp-11111111-1111-1111-1111-111111111111\">" +
        (deployed ? $"<Link rel=\"power:powerOff\" href=\"{FakeVcd.Base}api/vApp/vapp-11111111-1111-1111-1111-111111111111/power/action/powerOff\"/><Link rel=\"undeploy\" href=\"{FakeVcd.Base}api/vApp/vapp-11111111-1111-1111-1111-111111111111/action/undeploy\"/>"
                  : $"<Link rel=\"remove\" href=\"{FakeVcd.Base}api/vApp/vapp-11111111-1111-1111-1111-111111111111\"/><Link rel=\"power:powerOn\" href=\"{FakeVcd.Base}api/vApp/vapp-11111111-1111-1111-1111-111111111111/power/action/powerOn\"/>") +
        $"<Link rel=\"up\" type=\"application/vnd.vmware.vcloud.vdc+xml\" name=\"vdc1\" href=\"{FakeVcd.Base}api/vdc/v1\"/>" +
        "<Children>" +
        $"<Vm name=\"web\" status=\"{status}\" href=\"{FakeVcd.Base}api/vApp/vm-22222222-2222-2222-2222-222222222222\"><ovf:VirtualHardwareSection>" +
        "<ovf:Item><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>2</rasd:VirtualQuantity></ovf:Item>" +
        "<ovf:Item><rasd:ResourceType>4</rasd:ResourceType><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:VirtualQuantity>4096</rasd:VirtualQuantity></ovf:Item>" +
        $"<ovf:Item><rasd:ElementName>Hard disk 1</rasd:ElementName><rasd:HostResource xmlns:v=\"{Ns}\" v:capacity=\"30720\"/><rasd:ResourceType>17</rasd:ResourceType></ovf:Item>" +
        "</ovf:VirtualHardwareSection></Vm></Children></VApp>";

    private static string Records(params string[] names) =>
        $"<QueryResultRecords xmlns=\"{Ns}\" total=\"{names.Length}\" page=\"1\" pageSize=\"128\">" +
        string.Concat(names.Select((n, i) => $"<VAppRecord name=\"{n}\" status=\"POWERED_ON\" isDeployed=\"true\" vdcName=\"vdc1\" numberOfVMs=\"1\" href=\"{FakeVcd.Base}api/vApp/vapp-{(i == 0 ? "11111111-1111-1111-1111-111111111111" : "99")}\"/>")) +
        "</QueryResultRecords>";

    public CmdletFakeServerTests()
    {
        _vcd.On("GET", "/api/query", (req, _) => FakeVcd.Xml(req.RequestUri!.Query.Contains("nosuch") ? Records() : Records("shop")));
        _vcd.On("GET", "/api/vApp/vapp-11111111", (_, _) => FakeVcd.Xml(VAppXml(true, "4")));
        _conn = _vcd.ConnectAsync().GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _ps.Dispose();
        _conn.Dispose();
    }

    private PowerShellHost.Result Run(string script) => _ps.Invoke(script, new Dictionary<string, object?> { ["conn"] = _conn });

    private IEnumerable<FakeVcd.Recorded> Writes => _vcd.Requests.Where(r => r.Method != "GET" && !r.Uri.AbsolutePath.Contains("/sessions"));

    [Fact]
    public void GetVAppPipesIntoGetVAppVMWithHardwareFromTheEntity()
    {
        var r = Run("Get-VApp -Server $conn -Name 'sh*' | Get-VAppVM");
        Assert.Null(r.Terminating);
        Assert.Empty(r.Errors);
        var vm = Assert.Single(r.Objects<Vm>());
        Assert.Equal("web", vm.Name);
        Assert.Equal("shop", vm.VAppName);
        Assert.Equal(2, vm.CpuCount);
        Assert.Equal(4096, vm.MemoryMB);
        Assert.Equal(30720, vm.StorageMB);
        Assert.Same(_conn, vm.Connection);
        // the wildcard went to the server as a name filter
        Assert.Contains("filter=name%3D%3Dsh%2A", _vcd.To("/api/query").First().Uri.Query);
    }

    [Fact]
    public void GetVAppVMBindsVAppHrefByPropertyName()
    {
        var r = Run("[pscustomobject]@{ VAppHref = 'https://vcd.example.test/api/vApp/vapp-11111111-1111-1111-1111-111111111111' } | Get-VAppVM -Server $conn");
        Assert.Empty(r.Errors);
        Assert.Single(r.Objects<Vm>());
    }

    [Fact]
    public void WhatIfMakesNoNetworkWrites()
    {
        var r = Run("Get-VApp -Server $conn -Name shop | Stop-VApp -WhatIf; Get-VApp -Server $conn -Name shop | Remove-VApp -WhatIf; Remove-VApp -VApp shop -Server $conn -Stop -Force -WhatIf");
        Assert.Null(r.Terminating);
        Assert.Empty(r.Errors);
        Assert.Empty(Writes);
    }

    [Fact]
    public void RemoveOfADeployedVAppIsAVAppDeployedErrorWithAHintAndNothingIsDeleted()
    {
        var r = Run("Get-VApp -Server $conn -Name shop | Remove-VApp -Confirm:$false");
        var e = Assert.Single(r.Errors);
        Assert.Equal("VAppDeployed,VCloudPS.Cmdlets.RemoveVAppCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, e.CategoryInfo.Category);
        Assert.Contains("Stop-VApp -Undeploy", e.Exception.Message);
        Assert.IsType<VApp>(e.TargetObject);
        Assert.Empty(Writes);
    }

    [Fact]
    public void MissingNameIsANonTerminatingVAppNotFound()
    {
        var r = Run("Get-VApp -Server $conn -Name nosuch; 'after'");
        Assert.Null(r.Terminating);
        var e = Assert.Single(r.Errors);
        Assert.Equal("VAppNotFound,VCloudPS.Cmdlets.GetVAppCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal("after", r.Output.Last().ToString());
    }

    [Fact]
    public void ServerErrorsMapToCategoriesWithTheItemAsTarget()
    {
        _vcd.On("GET", "/api/vApp/vapp-11111111", (_, _) => FakeVcd.Error(403, "ACCESS_TO_RESOURCE_IS_FORBIDDEN", "The VMware Cloud Director entity com.vmware.vcloud.entity.vapp:1 does not exist."));
        var r = Run("Get-VApp -Server $conn -Name shop | Get-VAppVM");
        var e = Assert.Single(r.Errors);
        Assert.Equal("VAppNotFound,VCloudPS.Cmdlets.GetVAppVMCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal("shop", ((VApp)e.TargetObject).Name);
    }

    [Fact]
    public void VerboseShowsRequestsButNoSecret()
    {
        var r = Run("Get-VApp -Server $conn -Name shop -Verbose | Get-VAppVM -Verbose");
        Assert.Contains(r.Verbose, v => v.Contains("GET /api/query"));
        Assert.DoesNotContain(FakeVcd.Jwt, r.AllText);
        Assert.DoesNotContain(FakeVcd.Password, r.AllText);
    }

    [Fact]
    public void WithoutAConnectionCommandsFailWithNotConnected()
    {
        var r = _ps.Invoke("Get-VApp");
        var record = (r.Terminating as RuntimeException)?.ErrorRecord ?? Assert.Single(r.Errors);
        Assert.Equal("NotConnected,VCloudPS.Cmdlets.GetVAppCommand", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, record.CategoryInfo.Category);
    }
}
