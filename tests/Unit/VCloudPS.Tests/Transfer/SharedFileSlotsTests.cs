using VCloudPS.Core.Transfer;
using Xunit;

namespace VCloudPS.Tests.Transfer;

public class SharedFileSlotsTests
{
    [Fact]
    public async Task TransfersSharingSlotsNeverRunMoreFilesAtOnceThanTheSlots()
    {
        using var slots = new SemaphoreSlim(2, 2);
        int running = 0, peak = 0, done = 0;
        async Task File(int _, int __, CancellationToken ct)
        {
            var now = Interlocked.Increment(ref running);
            lock (slots) peak = Math.Max(peak, now);
            await Task.Yield();
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref running);
            Interlocked.Increment(ref done);
        }

        var transfers = Enumerable.Range(0, 4).Select(_ =>
            BoundedParallel.ForEachFileAsync(Enumerable.Range(0, 5).ToList(), new TransferOptions { MaxParallelFiles = 2, SharedFileSlots = slots }, File, CancellationToken.None));
        await Task.WhenAll(transfers);

        Assert.Equal(20, done);
        Assert.InRange(peak, 1, 2);
        Assert.Equal(2, slots.CurrentCount);
    }

    [Fact]
    public async Task ACancelledTransferGivesBackEverySharedSlot()
    {
        using var slots = new SemaphoreSlim(2, 2);
        using var cts = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transfer = BoundedParallel.ForEachFileAsync(Enumerable.Range(0, 6).ToList(), new TransferOptions { MaxParallelFiles = 3, SharedFileSlots = slots },
            async (_, _, ct) => { started.TrySetResult(); await Task.Delay(Timeout.Infinite, ct); }, cts.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transfer);
        Assert.Equal(2, slots.CurrentCount);
    }
}
