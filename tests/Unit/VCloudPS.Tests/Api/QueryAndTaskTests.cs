using System.Globalization;
using System.Web;
using System.Xml.Linq;
using VCloudPS.Core;
using VCloudPS.Core.Api;

namespace VCloudPS.Tests.Api;

public class QueryAndTaskTests
{
    private static string Page(int page, int pageSize, int total, bool nextLink)
    {
        var x = new XElement(VcdXml.Vcloud + "QueryResultRecords",
            new XAttribute("total", total), new XAttribute("page", page), new XAttribute("pageSize", pageSize), new XAttribute("name", "vApp"));
        if (nextLink)
            x.Add(new XElement(VcdXml.Vcloud + "Link", new XAttribute("rel", "nextPage"),
                new XAttribute("href", $"{FakeVcd.Base}api/query?type=vApp&format=records&page={page + 1}&pageSize={pageSize}")));
        int first = (page - 1) * pageSize;
        for (int i = first; i < Math.Min(total, first + pageSize); i++)
            x.Add(new XElement(VcdXml.Vcloud + "VAppRecord", new XAttribute("name", $"v{i:D5}"), new XAttribute("status", "POWERED_ON"),
                new XAttribute("href", $"{FakeVcd.Base}api/vApp/vapp-{i}")));
        return x.ToString();
    }

    private static FakeVcd Paged(int total, int pageSize, bool links)
    {
        var vcd = new FakeVcd();
        vcd.On("GET", "/api/query", (req, _) =>
        {
            var q = HttpUtility.ParseQueryString(req.RequestUri!.Query);
            int page = int.Parse(q["page"] ?? "1", CultureInfo.InvariantCulture);
            int size = int.Parse(q["pageSize"] ?? "25", CultureInfo.InvariantCulture);
            return FakeVcd.Xml(Page(page, size, total, links && page * size < total));
        });
        return vcd;
    }

    [Fact]
    public async Task QueryRecordsIsLazyTheFirstRecordArrivesBeforePageTwoIsFetched()
    {
        var vcd = Paged(total: 300, pageSize: 128, links: true);
        using var c = await vcd.ConnectAsync();
        using var e = c.QueryRecords("vApp", null, CancellationToken.None).GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.Equal("v00000", e.Current.Attr("name"));
        Assert.Single(vcd.To("/api/query"));
        int n = 1;
        while (e.MoveNext()) n++;
        Assert.Equal(300, n);
        Assert.Equal(3, vcd.To("/api/query").Count());
    }

    [Fact]
    public async Task PagingFallsBackToTotalAndPageSizeWithoutNextPageLinks()
    {
        var vcd = Paged(total: 60, pageSize: 25, links: false);
        using var c = await vcd.ConnectAsync();
        Assert.Equal(60, c.QueryRecords("vApp", null, CancellationToken.None, pageSize: 25).Count());
        Assert.Equal(3, vcd.To("/api/query").Count());
    }

    [Fact]
    public async Task PageSizeIsCappedAt128AndFilterIsSentOnceEncodedFrom35()
    {
        var vcd = Paged(total: 1, pageSize: 128, links: false);
        using var c = await vcd.ConnectAsync();
        var filter = QueryFilter.And(QueryFilter.Eq("name", "a(b),c;d*", c.ApiVersion), "status==POWERED_ON");
        _ = c.QueryRecords("vApp", filter, CancellationToken.None, pageSize: 500).ToList();
        var q = HttpUtility.ParseQueryString(vcd.To("/api/query").Single().Uri.Query);
        Assert.Equal("128", q["pageSize"]);
        Assert.Equal(@"name==a\(b\)\,c\;d*;status==POWERED_ON", q["filter"]);
        Assert.Null(q["filterEncoded"]);
    }

    [Fact]
    public void Before35ValuesArePercentEncodedAndFilterEncodedIsSet()
    {
        Assert.Equal("a%28b%29%2Cc*", QueryFilter.Value("a(b),c*", "34.0"));
        Assert.True(QueryFilter.UsesFilterEncoded("34.0"));
        Assert.False(QueryFilter.UsesFilterEncoded("35.0"));
    }

    [Fact]
    public void LinkHeaderNextPageIsFoundAmongCombinedRels()
    {
        var next = VCloudConnection.NextFromLinkHeader(new[]
        {
            "<https://h/cloudapi/1.0.0/auditTrail?page=1>;rel=\"firstPage\";type=\"application/json\", <https://h/cloudapi/1.0.0/auditTrail?pageSize=25&page=2>;rel=\"lastPage nextPage\";type=\"application/json\";model=\"AuditTrailEvents\"",
        });
        Assert.Equal("https://h/cloudapi/1.0.0/auditTrail?pageSize=25&page=2", next);
    }

    [Fact]
    public async Task CloudApiPagingFollowsLinkHeaderAndFallsBackToPageCount()
    {
        var vcd = new FakeVcd();
        vcd.On("GET", "/cloudapi/1.0.0/auditTrail", (req, _) =>
        {
            int page = int.Parse(HttpUtility.ParseQueryString(req.RequestUri!.Query)["page"] ?? "1", CultureInfo.InvariantCulture);
            var r = FakeVcd.Json($"{{\"resultTotal\":5,\"pageCount\":3,\"page\":{page},\"pageSize\":2,\"values\":[{{\"eventId\":\"e{page}a\"}}{(page < 3 ? $",{{\"eventId\":\"e{page}b\"}}" : "")}]}}");
            if (page == 1) r.Headers.TryAddWithoutValidation("Link", $"<{FakeVcd.Base}cloudapi/1.0.0/auditTrail?page=2&pageSize=2>;rel=\"nextPage\";type=\"application/json\"");
            return r;
        });
        using var c = await vcd.ConnectAsync();
        var ids = c.GetCloudApiPaged("/cloudapi/1.0.0/auditTrail", "eventType==x", CancellationToken.None, "timestamp", 2).Select(v => (string)v["eventId"]!).ToList();
        Assert.Equal(new[] { "e1a", "e1b", "e2a", "e2b", "e3a" }, ids);
        Assert.All(vcd.To("/cloudapi/1.0.0/auditTrail"), r => Assert.StartsWith("application/json;version=", r.Headers["Accept"].Replace(" ", "")));
    }

    private static string Task(string status, int progress = 0, string? error = null) =>
        $"<Task xmlns=\"http://www.vmware.com/vcloud/v1.5\" status=\"{status}\" operation=\"Powering off vApp shop\" operationName=\"vappPowerOff\" href=\"{FakeVcd.Base}api/task/t1\">" +
        (error != null ? $"<Error majorErrorCode=\"500\" minorErrorCode=\"INTERNAL_SERVER_ERROR\" message=\"[ id ] {error}\"/>" : "") +
        $"<Progress>{progress}</Progress></Task>";

    private static async Task<(FakeVcd, VCloudConnection)> WithTasks(params string[] states)
    {
        var vcd = new FakeVcd();
        var c = await vcd.ConnectAsync();
        c.TaskPollInitialDelay = TimeSpan.FromMilliseconds(1);
        c.TaskPollMaxDelay = TimeSpan.FromMilliseconds(5);
        vcd.OnSequence("GET", "/api/task/t1", states.Select(s => (Func<HttpResponseMessage>)(() => FakeVcd.Xml(s))).ToArray());
        return (vcd, c);
    }

    [Fact]
    public async Task WaitForTaskPollsToSuccessReportingProgress()
    {
        var (vcd, c) = await WithTasks(Task("running", 40), Task("running", 80), Task("success", 100));
        var seen = new List<int>();
        var progress = new SyncProgress(seen.Add);
        var done = await c.WaitForTaskAsync(VcdXml.Parse(Task("queued")), TimeSpan.FromSeconds(10), progress, CancellationToken.None);
        Assert.Equal("success", done.Attr("status"));
        Assert.Equal(new[] { 0, 40, 80, 100 }, seen);
        c.Dispose();
    }

    [Theory]
    [InlineData("error")]
    [InlineData("aborted")]
    [InlineData("canceled")]
    public async Task WaitForTaskFailsOnErrorAbortedCanceledWithTheServerMessage(string status)
    {
        var (vcd, c) = await WithTasks(Task("running", 10), Task(status, 10, status == "error" ? "Disk full on datastore ds1" : null));
        var ex = await Assert.ThrowsAsync<VCloudTaskFailedException>(() => c.WaitForTaskAsync(VcdXml.Parse(Task("running")), TimeSpan.FromSeconds(10), null, CancellationToken.None));
        Assert.Equal(status, ex.TaskStatus);
        Assert.Equal("TaskFailed", ex.ErrorId);
        if (status == "error") Assert.Contains("Disk full on datastore ds1", ex.Message);
        c.Dispose();
    }

    [Fact]
    public async Task WaitForTaskTimesOut()
    {
        var (vcd, c) = await WithTasks(Task("running", 10));
        var ex = await Assert.ThrowsAsync<VCloudTimeoutException>(() => c.WaitForTaskAsync(VcdXml.Parse(Task("running")), TimeSpan.FromMilliseconds(50), null, CancellationToken.None));
        Assert.Equal("TaskTimedOut", ex.ErrorId);
        Assert.Contains("may still be running", ex.Message);
        c.Dispose();
    }

    [Fact]
    public async Task WaitForTaskHonoursCancellation()
    {
        var (vcd, c) = await WithTasks(Task("running", 10));
        using var cts = new CancellationTokenSource(30);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c.WaitForTaskAsync(VcdXml.Parse(Task("running")), TimeSpan.FromMinutes(1), null, cts.Token));
        c.Dispose();
    }

    [Fact]
    public async Task WaitForTaskWaitsForTasksEmbeddedInACreatedEntityAndRereadsIt()
    {
        var (vcd, c) = await WithTasks(Task("success", 100));
        vcd.On("GET", "/api/vApp/vapp-new", (_, _) => FakeVcd.Xml($"<VApp xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"new\" status=\"8\" href=\"{FakeVcd.Base}api/vApp/vapp-new\"/>"));
        var created = VcdXml.Parse($"<VApp xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"new\" status=\"0\" href=\"{FakeVcd.Base}api/vApp/vapp-new\"><Tasks>{Task("running", 5)}</Tasks></VApp>");
        var final = await c.WaitForTaskAsync(created, TimeSpan.FromSeconds(10), null, CancellationToken.None);
        Assert.Equal("8", final.Attr("status"));
        c.Dispose();
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
