using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Xml.Linq;
using Newtonsoft.Json.Linq;

namespace VCloudPS.Core.Api;

public sealed partial class VCloudConnection
{
    /// <summary>Largest page the query service serves.</summary>
    public const int MaxPageSize = 128;

    /// <summary>
    /// Records of a typed query (format=records), lazily: page N+1 is requested only when the caller has consumed
    /// page N. Follows rel="nextPage" links, falling back to total/pageSize arithmetic.
    /// </summary>
    public IEnumerable<XElement> QueryRecords(string type, string? filter, CancellationToken ct, string? sortAsc = null, int pageSize = MaxPageSize)
    {
        foreach (var page in QueryPages(type, filter, ct, sortAsc, pageSize))
            foreach (var rec in page.Records)
                yield return rec;
    }

    /// <summary>The same query, page by page (for progress: each page carries the total).</summary>
    public IEnumerable<QueryPage> QueryPages(string type, string? filter, CancellationToken ct, string? sortAsc = null, int pageSize = MaxPageSize)
    {
        if (string.IsNullOrWhiteSpace(type)) throw new ArgumentException("query type is required", nameof(type));
        pageSize = Math.Max(1, Math.Min(MaxPageSize, pageSize));
        string? href = BuildQueryHref(type, filter, sortAsc, pageSize, 1);
        int pageNumber = 1;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (href != null)
        {
            ct.ThrowIfCancellationRequested();
            if (!seen.Add(href)) yield break; // a server looping on its own nextPage link
            var root = GetXmlAsync(href, ct).ConfigureAwait(false).GetAwaiter().GetResult();
            var records = root.Elements().Where(e => e.Name.LocalName != "Link").ToList();
            long? total = root.AttrLong("total");
            int page = root.AttrInt("page") ?? pageNumber;
            int size = root.AttrInt("pageSize") ?? pageSize;
            string? next = root.LinkHref("nextPage");
            if (next == null && records.Count > 0 && total.HasValue && (long)page * size < total.Value)
                next = BuildQueryHref(type, filter, sortAsc, pageSize, page + 1);
            if (records.Count == 0) next = null;
            yield return new QueryPage { Page = page, PageSize = size, Total = total, Records = records, NextPageHref = next };
            href = next;
            pageNumber = page + 1;
        }
    }

    /// <summary>Total number of records a query would return (one request with pageSize=1).</summary>
    public long CountRecords(string type, string? filter, CancellationToken ct)
    {
        var root = GetXmlAsync(BuildQueryHref(type, filter, null, 1, 1), ct).ConfigureAwait(false).GetAwaiter().GetResult();
        return root.AttrLong("total") ?? root.Elements().Count(e => e.Name.LocalName != "Link");
    }

    internal string BuildQueryHref(string type, string? filter, string? sortAsc, int pageSize, int page)
    {
        var sb = new StringBuilder("/api/query?type=").Append(Uri.EscapeDataString(type))
            .Append("&format=records&page=").Append(page).Append("&pageSize=").Append(pageSize);
        if (!string.IsNullOrEmpty(sortAsc)) sb.Append("&sortAsc=").Append(Uri.EscapeDataString(sortAsc));
        if (!string.IsNullOrEmpty(filter))
        {
            if (QueryFilter.UsesFilterEncoded(ApiVersion)) sb.Append("&filterEncoded=true");
            sb.Append("&filter=").Append(Uri.EscapeDataString(filter));
        }
        return sb.ToString();
    }

    /// <summary>
    /// CloudAPI list (JSON page with "values"), lazily page by page; next page from the Link header (rel nextPage),
    /// falling back to pageCount or resultTotal/pageSize.
    /// </summary>
    public IEnumerable<JObject> GetCloudApiPaged(string path, string? filter, CancellationToken ct, string? sortAsc = null, int pageSize = MaxPageSize)
    {
        pageSize = Math.Max(1, Math.Min(MaxPageSize, pageSize));
        string basePath = path.Split('?')[0];
        string Build(int p)
        {
            var sb = new StringBuilder(basePath).Append("?page=").Append(p).Append("&pageSize=").Append(pageSize);
            if (!string.IsNullOrEmpty(filter)) sb.Append("&filter=").Append(Uri.EscapeDataString(filter));
            if (!string.IsNullOrEmpty(sortAsc)) sb.Append("&sortAsc=").Append(Uri.EscapeDataString(sortAsc));
            return sb.ToString();
        }
        string? href = Build(1);
        int page = 1;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (href != null)
        {
            ct.ThrowIfCancellationRequested();
            if (!seen.Add(href)) yield break;
            var r = ExecuteAsync(HttpMethod.Get, Resolve(href), JsonAccept, null, null, ct).ConfigureAwait(false).GetAwaiter().GetResult();
            JObject body;
            try { body = JObject.Parse(r.Body); }
            catch (Exception ex) { throw new VCloudException(VCloudErrorKind.Protocol, "InvalidResponse", $"{r.Describe()} returned no JSON page ({ex.Message}).", ex); }
            var values = body["values"] as JArray ?? new JArray();
            foreach (var v in values.OfType<JObject>()) yield return v;

            string? next = NextFromLinkHeader(r.HeaderValues("Link"));
            if (next == null && values.Count > 0)
            {
                int current = (int?)body["page"] ?? page;
                int? pageCount = body["pageCount"]?.Type == JTokenType.Integer ? (int?)body["pageCount"] : null;
                long? total = body["resultTotal"]?.Type == JTokenType.Integer ? (long?)body["resultTotal"] : null;
                int size = (int?)body["pageSize"] ?? pageSize;
                if (pageCount.HasValue ? current < pageCount.Value : total.HasValue && (long)current * size < total.Value)
                    next = Build(current + 1);
            }
            if (values.Count == 0) next = null;
            href = next;
            page++;
        }
    }

    private static readonly char[] EqualsSign = new[] { '=' };

    /// <summary>Finds rel="nextPage" in Link headers like &lt;url&gt;;rel="lastPage nextPage";type="...".</summary>
    internal static string? NextFromLinkHeader(IEnumerable<string> linkHeaders)
    {
        foreach (var header in linkHeaders)
        {
            int i = 0;
            while (i < header.Length)
            {
                int lt = header.IndexOf('<', i);
                if (lt < 0) break;
                int gt = header.IndexOf('>', lt + 1);
                if (gt < 0) break;
                string url = header.Substring(lt + 1, gt - lt - 1);
                int nextLt = header.IndexOf('<', gt + 1);
                string parms = nextLt < 0 ? header.Substring(gt + 1) : header.Substring(gt + 1, nextLt - gt - 1);
                foreach (var p in parms.Split(';'))
                {
                    var kv = p.Trim().TrimEnd(',').Split(EqualsSign, 2);
                    if (kv.Length == 2 && kv[0].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)
                        && kv[1].Trim().Trim('"').Split(' ').Contains("nextPage"))
                        return url;
                }
                i = nextLt < 0 ? header.Length : nextLt;
            }
        }
        return null;
    }
}
