using System.Net;
using System.Net.Http;
using System.Reflection;
using VCloudPS.Core;
using VCloudPS.Core.Api;

namespace VCloudPS.Tests.Api;

/// <summary>The request pipeline's rules: rate limits, unknown outcomes, timeouts, caps, no raw session access.</summary>
public class PipelineTests
{
    private const string OrgList = "<OrgList xmlns=\"http://www.vmware.com/vcloud/v1.5\"/>";
    private const string Task202 = "<Task xmlns=\"http://www.vmware.com/vcloud/v1.5\" status=\"success\" href=\"https://vcd.example.test/api/task/1\"/>";

    private static RetryPolicy Recording(List<TimeSpan> waits) => new() { Delay = (d, _) => { waits.Add(d); return Task.CompletedTask; } };

    private static HttpResponseMessage TooMany(string retryAfter)
    {
        var r = FakeVcd.Status(429);
        r.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return r;
    }

    [Fact]
    public async Task A429IsRetriedForPOSTAfterTheServersRetryAfter()
    {
        var waits = new List<TimeSpan>();
        var vcd = new FakeVcd();
        using var c = await VCloudConnection.ConnectAsync(vcd.Options(retry: Recording(waits)), CancellationToken.None);
        waits.Clear();
        vcd.OnSequence("POST", "/api/vApp/vapp-1/action/cloneVApp", () => TooMany("7"), () => TooMany("3"), () => FakeVcd.Xml(Task202, 202));
        var task = await c.PostXmlAsync("/api/vApp/vapp-1/action/cloneVApp", null, null, CancellationToken.None);
        Assert.Equal("Task", task!.Name.LocalName);
        Assert.Equal(3, vcd.To("/api/vApp/vapp-1/").Count());
        Assert.Equal(new[] { TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(3) }, waits);
    }

    [Fact]
    public async Task RetryAfterAsAnHTTPDateIsHonoured()
    {
        var now = DateTimeOffset.UtcNow;
        var wait = FailureClassifier.RetryAfter(now.AddSeconds(42).ToString("r"), now);
        Assert.InRange(wait!.Value.TotalSeconds, 41, 42);
        Assert.Null(FailureClassifier.RetryAfter("soon", now));
    }

    [Fact]
    public async Task ARetryAfterBeyondTheLimitEndsTheRetriesWithTheServerError()
    {
        var vcd = new FakeVcd();
        using var c = await VCloudConnection.ConnectAsync(vcd.Options(retry: RetryPolicy.Immediate), CancellationToken.None);
        vcd.On("GET", "/api/org", (_, _) => TooMany("3600"));
        var ex = await Assert.ThrowsAsync<VCloudException>(() => c.GetXmlAsync("/api/org/", CancellationToken.None));
        Assert.Equal(429, ex.StatusCode);
        Assert.Single(vcd.To("/api/org"));
    }

    [Fact]
    public async Task RetriesStopWhenTheTotalTimeIsUsedUp()
    {
        var clock = TimeSpan.Zero;
        var policy = new RetryPolicy
        {
            MaxAttempts = 100, MaxElapsed = TimeSpan.FromSeconds(10), BaseDelay = TimeSpan.FromSeconds(4), MaxDelay = TimeSpan.FromSeconds(4),
            Clock = () => clock, Delay = (d, _) => { clock += d; return Task.CompletedTask; },
        };
        var vcd = new FakeVcd();
        using var c = await VCloudConnection.ConnectAsync(vcd.Options(retry: policy), CancellationToken.None);
        vcd.On("GET", "/api/org", (_, _) => FakeVcd.Status(503));
        await Assert.ThrowsAsync<VCloudException>(() => c.GetXmlAsync("/api/org/", CancellationToken.None));
        Assert.InRange(vcd.To("/api/org").Count(), 2, 6);   // 2-4 s waits within 10 s, far fewer than 100 attempts
        Assert.True(clock <= TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task APOSTWhoseAnswerTimesOutIsNotSentAgainAndTheErrorSaysWhereToLook()
    {
        var vcd = new FakeVcd();
        var stall = new StallingHandler(vcd, "/action/cloneVApp");
        var o = vcd.Options();
        o.HttpHandler = stall;
        o.Timeout = TimeSpan.FromMilliseconds(300);
        using var c = await VCloudConnection.ConnectAsync(o, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<VCloudException>(() => c.PostXmlAsync("https://vcd.example.test/api/vApp/vapp-1/action/cloneVApp", null, null, CancellationToken.None));
        Assert.Equal((VCloudErrorKind.Timeout, "RequestTimedOut"), (ex.Kind, ex.ErrorId));
        Assert.Equal(1, stall.Stalled);
        Assert.Contains("waiting for the response headers", ex.Message);
        Assert.Contains("-TimeoutSec", ex.Message);
        Assert.Contains("not sent again", ex.Message);
        Assert.Contains("type=task&filter=object==https://vcd.example.test/api/vApp/vapp-1", ex.Message);
    }

    [Fact]
    public async Task AGETWhoseAnswerTimesOutIsSentAgain()
    {
        var vcd = new FakeVcd();
        vcd.On("GET", "/api/org", (_, _) => FakeVcd.Xml(OrgList));
        var stall = new StallingHandler(vcd, "/api/org", times: 1);
        var o = vcd.Options();
        o.HttpHandler = stall;
        o.Timeout = TimeSpan.FromMilliseconds(300);
        using var c = await VCloudConnection.ConnectAsync(o, CancellationToken.None);
        var root = await c.GetXmlAsync("/api/org/", CancellationToken.None);
        Assert.Equal("OrgList", root.Name.LocalName);
        Assert.Equal(2, vcd.To("/api/org").Count() + stall.Stalled);
    }

    [Fact]
    public async Task ABodyThatStopsArrivingFailsNamingTheWait()
    {
        var vcd = new FakeVcd();
        vcd.On("GET", "/api/org", (_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallAfter(Encoding("<OrgList "))) });
        var o = vcd.Options();
        o.InactivityTimeout = TimeSpan.FromMilliseconds(300);
        using var c = await VCloudConnection.ConnectAsync(o, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<VCloudException>(() => c.GetXmlAsync("/api/org/", CancellationToken.None));
        Assert.Equal((VCloudErrorKind.Timeout, "ResponseStalled"), (ex.Kind, ex.ErrorId));
        Assert.Contains("-InactivityTimeoutSec", ex.Message);
        Assert.Equal(5, vcd.To("/api/org").Count());   // a GET is fetched again, up to the policy's attempts
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AHugeApiVersionsFailsClearlyAndIsNotRetried(bool declaresLength)
    {
        var vcd = new FakeVcd();
        vcd.On("GET", "/api/versions", (_, _) =>
        {
            var big = new Repeating(20L * 1024 * 1024);
            HttpContent content = declaresLength ? new StreamContent(big) { Headers = { ContentLength = big.Length } } : new StreamContent(new Unsized(big));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        var ex = await Assert.ThrowsAsync<VCloudException>(() => vcd.ConnectAsync());
        Assert.Equal("ServerNotVCloud", ex.ErrorId);
        Assert.Contains("more than 8 MiB", ex.Message);
        Assert.Single(vcd.To("/api/versions"));
    }

    [Fact]
    public async Task TheResponseCapIsSettable()
    {
        var vcd = new FakeVcd();
        var o = vcd.Options();
        o.MaxResponseBytes = 64 * 1024;
        using var c = await VCloudConnection.ConnectAsync(o, CancellationToken.None);
        vcd.On("GET", "/api/org", (_, _) => FakeVcd.Xml("<OrgList xmlns=\"http://www.vmware.com/vcloud/v1.5\">" + new string(' ', 70_000) + "</OrgList>"));
        var ex = await Assert.ThrowsAsync<VCloudException>(() => c.GetXmlAsync("/api/org/", CancellationToken.None));
        Assert.Equal("ResponseTooLarge", ex.ErrorId);
    }

    [Fact]
    public void TheConnectionOffersScriptsNoRawRequestWithItsSession()
    {
        var publicMethods = typeof(VCloudConnection).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
        Assert.DoesNotContain(publicMethods, m =>
            m.ReturnType == typeof(HttpResponseMessage) || m.ReturnType == typeof(Task<HttpResponseMessage>) ||
            m.GetParameters().Any(p => p.ParameterType == typeof(HttpRequestMessage) || p.ParameterType == typeof(Func<HttpRequestMessage>)));
        Assert.DoesNotContain(typeof(VCloudConnection).GetProperties(), p => typeof(HttpMessageInvoker).IsAssignableFrom(p.PropertyType) || p.PropertyType == typeof(HttpMessageHandler));
    }

    [Fact]
    public async Task TransfersGoThroughThePipelineWithTheSessionAndNoRawAccess()
    {
        var vcd = new FakeVcd();
        using var c = await vcd.ConnectAsync();
        vcd.On("GET", "/transfer/x/disk.vmdk", (_, _) => FakeVcd.Status(200, "abc"));
        ITransferLikeCheck.Assert(c);
        var via = vcd.To("/transfer/x/").Single();
        Assert.Equal("Bearer " + FakeVcd.Jwt, via.Headers["Authorization"]);
    }

    private static byte[] Encoding(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    /// <summary>Sends through the internal transfer adapter, as ExportService does.</summary>
    private static class ITransferLikeCheck
    {
        public static void Assert(VCloudConnection c)
        {
            var http = new VCloudPS.Core.Migration.VcdTransferHttp(c);
            using var r = http.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "/transfer/x/disk.vmdk"), HttpCompletionOption.ResponseHeadersRead, CancellationToken.None).GetAwaiter().GetResult();
            Xunit.Assert.Equal("abc", r.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        }
    }

    /// <summary>Never answers requests whose path contains a marker (the first <c>times</c> ones), until cancelled.</summary>
    internal sealed class StallingHandler : DelegatingHandler
    {
        private readonly string _marker;
        private int _left;
        public int Stalled;
        public StallingHandler(HttpMessageHandler inner, string marker, int times = int.MaxValue) : base(inner) { _marker = marker; _left = times; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.RequestUri!.AbsolutePath.Contains(_marker) && Interlocked.Decrement(ref _left) >= 0)
            {
                Interlocked.Increment(ref Stalled);
                await Task.Delay(Timeout.Infinite, ct);
            }
            return await base.SendAsync(request, ct);
        }
    }

    /// <summary>Gives its bytes, then blocks until the read is cancelled.</summary>
    private sealed class StallAfter : Stream
    {
        private readonly byte[] _head;
        private int _pos;
        public StallAfter(byte[] head) { _head = head; }
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        {
            if (_pos < _head.Length) { int n = Math.Min(count, _head.Length - _pos); Array.Copy(_head, _pos, buffer, offset, n); _pos += n; return n; }
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            var tmp = new byte[buffer.Length];
            return new ValueTask<int>(ReadAsync(tmp, 0, tmp.Length, ct).ContinueWith(t => { tmp.AsSpan(0, t.Result).CopyTo(buffer.Span); return t.Result; }, ct, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default));
        }
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();
        public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long o, SeekOrigin s) => throw new NotSupportedException();
        public override void SetLength(long v) => throw new NotSupportedException();
        public override void Write(byte[] b, int o, int c) => throw new NotSupportedException();
    }

    /// <summary>N bytes of 'x' without allocating them.</summary>
    private sealed class Repeating : Stream
    {
        private readonly long _length;
        private long _pos;
        public Repeating(long length) { _length = length; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, _length - _pos);
            buffer.AsSpan(offset, n).Fill((byte)'x');
            _pos += n;
            return n;
        }
        public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long o, SeekOrigin s) => throw new NotSupportedException();
        public override void SetLength(long v) => throw new NotSupportedException();
        public override void Write(byte[] b, int o, int c) => throw new NotSupportedException();
    }

    /// <summary>Hides the length, so the content goes without Content-Length.</summary>
    private sealed class Unsized : Stream
    {
        private readonly Stream _inner;
        public Unsized(Stream inner) { _inner = inner; }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long o, SeekOrigin s) => throw new NotSupportedException();
        public override void SetLength(long v) => throw new NotSupportedException();
        public override void Write(byte[] b, int o, int c) => throw new NotSupportedException();
    }
}
