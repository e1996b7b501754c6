using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Transfer;
using VCloudPS.Simulator.Faults;
using VCloudPS.Tests.Migration;

namespace VCloudPS.Tests.Soak;

/// <summary>Bugs the fault soak found, each pinned by a focused test.</summary>
public class SoakFindingsTests : IClassFixture<EnterpriseCloud>, IClassFixture<ProviderCloud>
{
    private readonly EnterpriseCloud _ent;
    private readonly ProviderCloud _prov;
    public SoakFindingsTests(EnterpriseCloud ent, ProviderCloud prov) { _ent = ent; _prov = prov; }

    [Fact]
    public async Task ACrossCloudMoveRetriesTransientFailuresOfTheDescriptorDownloadAndUpload()
    {
        // Found by the soak (seed 20261206, operation 47): one 429 on the descriptor GET failed the whole move
        // ("answered HTTP 429") while the disk transfers around it retried.
        var journals = Path.Combine(_ent.Folder, "journals");
        _ent.Sim.Faults.Add(new Fault { PathPattern = "/transfer/*/descriptor.ovf", Method = "GET", Kind = FaultKinds.Status, Status = 429, Count = 1 });
        _ent.Sim.Faults.Add(new Fault { PathPattern = "/transfer/*/descriptor.ovf", Method = "GET", Kind = FaultKinds.Status, Status = 503, Count = 1 });
        _prov.Sim.Faults.Add(new Fault { PathPattern = "/transfer/*/descriptor.ovf", Method = "PUT", Kind = FaultKinds.Status, Status = 502, Count = 2 });
        try
        {
            var result = await new MoveService().RunAsync(new MoveOptions
            {
                Kind = MoveKind.Move, Source = _ent.Connection, SourceHref = RoundTripTests.FindVApp(_ent.Connection, "reporting").Href,
                Destination = _prov.Connection, DestinationVdcHref = RoundTripTests.FindVdc(_prov.Connection, "acme-payg").Href,
                NetworkMapping = new Dictionary<string, string?> { ["ent-app-net"] = "acme-net" }, JournalFolder = journals,
                Transfer = new TransferOptions { ChunkSize = 256 * 1024, BufferSize = 64 * 1024, PollInterval = TimeSpan.FromMilliseconds(100), TaskTimeout = TimeSpan.FromMinutes(2) },
            }, null, CancellationToken.None);
            Assert.True(result.SourceRemoved);
            Assert.Equal(MoveMethod.Streamed, result.Method);
            Assert.Empty(_ent.Sim.Faults.List());   // every injected failure was met and retried
            Assert.Empty(_prov.Sim.Faults.List());
            Assert.Equal("acme-payg", RoundTripTests.FindVApp(_prov.Connection, "reporting").VdcName);
        }
        finally
        {
            _ent.Sim.Faults.Clear();
            _prov.Sim.Faults.Clear();
        }
    }
}
