using System;
using System.Collections.Generic;
using System.Xml.Linq;

namespace VCloudPS.Core.Api;

/// <summary>One page of a typed query (QueryResultRecords).</summary>
public sealed class QueryPage
{
    public int Page { get; set; }
    public int PageSize { get; set; }

    /// <summary>Total records of the query as the server reported it (null when absent).</summary>
    public long? Total { get; set; }
    public IReadOnlyList<XElement> Records { get; set; } = Array.Empty<XElement>();
    public string? NextPageHref { get; set; }
}
