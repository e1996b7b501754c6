using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Transfer;
using VCloudPS.Simulator.Faults;
using VCloudPS.Tests.Migration;

namespace VCloudPS.Tests.Soak;

/// <summary>Bugs the fault soak found, each pinned by a focused test.</summary>
public class SoakFindingsTests : IClassFixture<SimulatorPair>
{
    private readonly SimulatorPair _sims;
    public SoakFindingsTests(SimulatorPair sims) { _sims = sims; }

    [Fact]
    public async Task ACrossCloudMoveRetriesTransientFailuresOfTheDescriptorDownloadAndUpload()
    {
        // Found by the soak (seed 20261206, operation 47): one 429 on the descriptor GET failed the whole move
        // ("answered HTTP 429") while the disk transfers around it retried.
        var journals = Path.Combine(_sims.DataRoot, "journals");
        _sims.Enterprise.Simulation.Faults.Add(new Fault { PathPattern = "/transfer/*/descriptor.ovf", Method = "GET", Kind = FaultKinds.Status, Status = 429, Count = 1 });
        _sims.Enterprise.Simulation.Faults.Add(new Fault { PathPattern = "/transfer/*/descriptor.ovf", Method = "GET", Kind = FaultKinds.Status, Status = 503, Count = 1 });
        _sims.Provider.Simulation.Faults.Add(new Fault { PathPattern = "/transfer/*/descriptor.ovf", Method = "PUT", Kind = FaultKinds.Status, Status = 502, Count = 2 });
        try
        {
            var result = await new MoveService().RunAsync(new MoveOptions
            {
                Kind = MoveKind.Move, Source = _sims.Ent, SourceHref = RoundTripTests.FindVApp(_sims.Ent, "reporting").Href,
                Destination = _sims.Prov, DestinationVdcHref = RoundTripTests.FindVdc(_sims.Prov, "acme-payg").Href,
                NetworkMapping = new Dictionary<string, string> { ["ent-app-net"] = "acme-net" }, JournalFolder = journals,
                Transfer = new TransferOptions { ChunkSize = 256 * 1024, BufferSize = 64 * 1024, PollInterval = TimeSpan.FromMilliseconds(100), TaskTimeout = TimeSpan.FromMinutes(2) },
            }, null, CancellationToken.None);
            Assert.True(result.SourceRemoved);
            Assert.Equal(MoveMethod.Streamed, result.Method);
            Assert.Empty(_sims.Enterprise.Simulation.Faults.List());   // every injected failure was met and retried
            Assert.Empty(_sims.Provider.Simulation.Faults.List());
            Assert.Equal("acme-payg", RoundTripTests.FindVApp(_sims.Prov, "reporting").VdcName);
        }
        finally
        {
            _sims.Enterprise.Simulation.Faults.Clear();
            _sims.Provider.Simulation.Faults.Clear();
        }
    }
}
