using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Transfer;
using VCloudPS.Simulator.Faults;

namespace VCloudPS.Tests.Migration;

/// <summary>The one cleanup of half-created objects (import, move, copy).</summary>
public class PartialCleanupTests : IClassFixture<EnterpriseCloud>, IClassFixture<ProviderCloud>
{
    private readonly EnterpriseCloud _ent;
    private readonly ProviderCloud _prov;
    public PartialCleanupTests(EnterpriseCloud ent, ProviderCloud prov) { _ent = ent; _prov = prov; }

    private async Task<string> CloneArchive(string name)
    {
        var result = await new MoveService().RunAsync(new MoveOptions
        {
            Kind = MoveKind.Copy, Source = _prov.Connection, SourceHref = RoundTripTests.FindVApp(_prov.Connection, "acme-archive").Href,
            Destination = _prov.Connection, DestinationVdcHref = RoundTripTests.FindVdc(_prov.Connection, "acme-payg").Href, Name = name,
            Transfer = new TransferOptions { TaskTimeout = TimeSpan.FromMinutes(2) },
        }, null, CancellationToken.None);
        return result.DestinationHref;
    }

    [Fact]
    public async Task CleanupSendsOneRemovalAndNamesWhatItCouldNotRemove()
    {
        var href = await CloneArchive("cleanup-refused");
        var path = new Uri(href).AbsolutePath;
        // A permanent refusal three times: a retry loop around the pipeline would get through on its fourth try.
        var fault = _prov.Sim.Faults.Add(new Fault { Kind = FaultKinds.Status, Status = 400, PathPattern = path, Method = "DELETE", Count = 3, Message = "Simulated refusal" });
        var log = new List<string>();
        var text = await PartialCleanup.RemoveAsync(_prov.Connection, href, "partial copy", log.Add);
        var left = _prov.Sim.Faults.List().SingleOrDefault(f => f.Id == fault.Id);
        _prov.Sim.Faults.Clear();
        Assert.Contains("could not be removed", text);
        Assert.Contains("'cleanup-refused'", text);
        Assert.Contains("Remove-VApp", text);
        Assert.True(left != null && left.Count == 2, "the removal was sent more than once: " + string.Join("; ", log));
        Assert.Equal("The partial copy was removed.", await PartialCleanup.RemoveAsync(_prov.Connection, href, "partial copy", null));
        Assert.Equal("The partial copy is gone.", await PartialCleanup.RemoveAsync(_prov.Connection, href, "partial copy", null));
    }
}
