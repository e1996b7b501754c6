using VCloudPS.Core;
using VCloudPS.Core.Api;
using Xunit;

namespace VCloudPS.Tests.Api;

public class PagePrefetchTests
{
    private sealed class CountingPages
    {
        private int _produced;
        public int Produced => Volatile.Read(ref _produced);

        public IEnumerable<int> Pages(int count, int failAt = 0, ManualResetEventSlim? holdBefore = null, int holdAt = 0, CancellationToken ct = default)
        {
            for (int i = 1; i <= count; i++)
            {
                if (i == holdAt) holdBefore!.Wait(ct);
                if (i == failAt) throw new VCloudException(VCloudErrorKind.Connection, "QueryFailed", $"page {i} failed");
                Interlocked.Increment(ref _produced);
                yield return i;
            }
        }
    }

    [Fact]
    public void PagesComeOutInOrderAndNeverMoreThanOneAhead()
    {
        var source = new CountingPages();
        var seen = new List<int>();
        foreach (var page in PagePrefetch.OneAhead(source.Pages(20), CancellationToken.None))
        {
            Assert.True(source.Produced <= page + 1, $"page {page} delivered while {source.Produced} pages were fetched");
            seen.Add(page);
        }
        Assert.Equal(Enumerable.Range(1, 20), seen);
    }

    [Fact]
    public void AFailureOnPageThreeSurfacesAfterPagesOneAndTwoWereDelivered()
    {
        var source = new CountingPages();
        var seen = new List<int>();
        var ex = Assert.Throws<VCloudException>(() =>
        {
            foreach (var page in PagePrefetch.OneAhead(source.Pages(5, failAt: 3), CancellationToken.None)) seen.Add(page);
        });
        Assert.Equal(new[] { 1, 2 }, seen);
        Assert.Equal("page 3 failed", ex.Message);
    }

    [Fact]
    public void CancellationStopsTheWaitForAPageThatIsStillComing()
    {
        using var cts = new CancellationTokenSource();
        using var hold = new ManualResetEventSlim(false);
        var source = new CountingPages();
        var seen = new List<int>();
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var page in PagePrefetch.OneAhead(source.Pages(5, holdBefore: hold, holdAt: 2, ct: cts.Token), cts.Token))
            {
                seen.Add(page);
                cts.Cancel();
            }
        });
        Assert.Equal(new[] { 1 }, seen);
        Assert.Equal(1, source.Produced);
    }

    [Fact]
    public void StoppingEarlyLeavesNoFetchRunning()
    {
        var source = new CountingPages();
        var first = PagePrefetch.OneAhead(source.Pages(10), CancellationToken.None).First();
        Assert.Equal(1, first);
        Assert.True(source.Produced <= 2);
    }
}
