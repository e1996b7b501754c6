using System;
using System.Net.Http;

namespace VCloudPS.Core.Api;

/// <summary>
/// One request for <see cref="RequestPipeline"/>. The factory builds a fresh message per attempt (a message can
/// be sent once), so a retry or a replay after re-login resends exactly the same request.
/// </summary>
internal sealed class PipelineRequest
{
    public PipelineRequest(Func<HttpRequestMessage> build) { Build = build ?? throw new ArgumentNullException(nameof(build)); }

    public PipelineRequest(HttpMethod method, Uri uri, string? accept = null)
        : this(() =>
        {
            var m = new HttpRequestMessage(method, uri);
            if (accept != null) m.Headers.TryAddWithoutValidation("Accept", accept);
            return m;
        })
    { }

    public Func<HttpRequestMessage> Build { get; }

    /// <summary>Add the session's header (and renew the session once on 401). False for login and version discovery.</summary>
    public bool Authenticate { get; set; } = true;

    /// <summary>
    /// May the request be sent again when its outcome is unknown (5xx, dropped connection, timeout)? Null: by
    /// method (GET, HEAD, PUT, DELETE yes; POST no — e.g. a second cloneVApp would clone twice).
    /// </summary>
    public bool? Idempotent { get; set; }

    /// <summary>Cap on the body read for this request; null: the pipeline's <c>MaxResponseBytes</c>.</summary>
    public long? MaxResponseBytes { get; set; }

    internal static bool IsIdempotentMethod(HttpMethod m) =>
        m == HttpMethod.Get || m == HttpMethod.Head || m == HttpMethod.Put || m == HttpMethod.Delete || m == HttpMethod.Options;
}
