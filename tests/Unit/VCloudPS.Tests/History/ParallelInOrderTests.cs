using VCloudPS.Core.History;

namespace VCloudPS.Tests.History;

public class ParallelInOrderTests
{
    [Fact]
    public void RangesCoverEveryItemOnceAndComeBackInOrder()
    {
        var parts = ParallelInOrder.Ranges(1001, 10, (from, to) =>
        {
            Thread.Sleep((from * 7919) % 5); // ranges finish out of order
            return Enumerable.Range(from, to - from).ToList();
        });
        Assert.Equal(101, parts.Length);
        Assert.Equal(Enumerable.Range(0, 1001), parts.SelectMany(p => p));
    }

    [Fact]
    public void NoItemsGiveNoRanges()
    {
        Assert.Empty(ParallelInOrder.Ranges(0, 10, (from, to) => to - from));
    }

    [Fact]
    public void AFailureIsRethrownAsItWasThrown()
    {
        var ex = Assert.Throws<FormatException>(() => ParallelInOrder.Ranges(100, 3, (from, to) =>
            from == 42 ? throw new FormatException("range 42") : to - from));
        Assert.Equal("range 42", ex.Message);
    }
}
