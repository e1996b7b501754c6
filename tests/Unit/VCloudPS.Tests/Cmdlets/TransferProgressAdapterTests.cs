using VCloudPS.Cmdlets;
using VCloudPS.Cmdlets.Transfer;
using VCloudPS.Core.Api;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Tests.Cmdlets;

/// <summary>The overall progress line of a transfer keeps up with its files.</summary>
public class TransferProgressAdapterTests
{
    private static TransferSnapshot Snapshot(long done, double overallRate, params FileTransferSnapshot[] files) =>
        new("Export-VApp shop", "Downloading", done, 1000L * 1024 * 1024, overallRate, null, files, false);

    private static TransferProgress Parent(ProgressPump pump, int parentId)
    {
        TransferProgress? last = null;
        while (pump.TryTake(out var p)) if (p.ActivityId == parentId) last = p;
        return last!;
    }

    [Fact]
    public void OverallRateIsThatOfTheRunningFilesNotTheSinceStartAverage()
    {
        var pump = new ProgressPump();
        var adapter = new TransferProgressAdapter(pump, 4100);
        adapter.Report(Snapshot(300L * 1024 * 1024, 0,
            new FileTransferSnapshot(0, "a.vmdk", 200L * 1024 * 1024, 500L * 1024 * 1024, 400.0 * 1024 * 1024, FileTransferState.Running),
            new FileTransferSnapshot(1, "b.vmdk", 100L * 1024 * 1024, 500L * 1024 * 1024, 63.0 * 1024 * 1024, FileTransferState.Running)));
        var parent = Parent(pump, 4100);
        Assert.Equal("300.0 MB of 1000.0 MB at 463.0 MB/s", parent.StatusDescription);
        Assert.Equal(30, parent.PercentComplete);
    }

    [Fact]
    public void AnOlderSnapshotArrivingLateNeverMovesTheOverallLineBack()
    {
        var pump = new ProgressPump();
        var adapter = new TransferProgressAdapter(pump, 4100);
        adapter.Report(Snapshot(600L * 1024 * 1024, 50.0 * 1024 * 1024));
        adapter.Report(Snapshot(400L * 1024 * 1024, 50.0 * 1024 * 1024));
        var parent = Parent(pump, 4100);
        Assert.Equal(600L * 1024 * 1024, parent.BytesDone);
        Assert.StartsWith("600.0 MB of 1000.0 MB", parent.StatusDescription);
    }
}
