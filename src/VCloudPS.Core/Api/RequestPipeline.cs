using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Api;

/// <summary>
/// The one way Core sends a request to a cloud (API calls, login, version discovery and transfers): session
/// header and one transparent re-login on 401, the retry rules of <see cref="RetryBudget"/>, timeouts for the
/// connection, the response headers and a silent body, a cap on bodies read into memory, request ids and tracing.
/// See README.md, "How to call the API".
/// </summary>
internal sealed class RequestPipeline : IDisposable
{
    private const int ErrorBodyCap = 256 * 1024;
    private readonly HttpClient _http;
    private readonly string _server;
    private long _requests;

    public RequestPipeline(HttpMessageHandler handler, PipelineSettings settings, string serverAuthority)
    {
        Settings = settings;
        _server = serverAuthority;
        _http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public PipelineSettings Settings { get; }
    public IPipelineSession? Session { get; set; }

    /// <summary>Accept header for requests that set none (the XML API at the negotiated version).</summary>
    public string? DefaultAccept { get; set; }

    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>True after an attempt failed to reach the server at all (refused, reset, no route); false again
    /// after any answer. A TLS failure is an answer of sorts: the server is there.</summary>
    public bool ServerUnreachable => _serverUnreachable;
    private volatile bool _serverUnreachable;

    /// <summary>Sends with retries and buffers the (capped) body. Returns the last exchange, failed or not; the
    /// caller maps failures (<see cref="ErrorMapper.FromResponse"/>). Throws for cancellation and oversized bodies.</summary>
    public Task<ApiResponse> SendAsync(PipelineRequest request, CancellationToken ct) =>
        RunAsync(request, async (resp, info, token) =>
        {
            info.Body = await ReadBodyAsync(resp, info, request.MaxResponseBytes ?? Settings.MaxResponseBytes, token).ConfigureAwait(false);
            return info;
        }, failure => failure, ct);

    /// <summary>
    /// Sends with retries and hands a successful body to <paramref name="read"/> as a stream (capped, watched for
    /// silence). For idempotent requests a body that breaks off is fetched again. Failures throw mapped errors.
    /// </summary>
    public Task<T> SendAndReadAsync<T>(PipelineRequest request, Func<HttpResponseMessage, Stream, T> read, CancellationToken ct) =>
        RunAsync(request, async (resp, info, token) =>
        {
            using var body = await OpenBodyAsync(resp, info, request.MaxResponseBytes ?? Settings.MaxResponseBytes).ConfigureAwait(false);
            return read(resp, body);
        }, failure => throw ErrorMapper.FromResponse(failure, _server), ct);

    /// <summary>
    /// One attempt (plus the replay after a re-login on 401) whose body streams to the caller: for transfers, which
    /// resume from what the server holds instead of replaying (they use <see cref="RetryPolicy.Start"/> for their
    /// waits). Transport failures and timeouts throw mapped errors; HTTP statuses are returned.
    /// </summary>
    public async Task<HttpResponseMessage> SendOnceAsync(PipelineRequest request, CancellationToken ct)
    {
        for (bool renewed = false; ; renewed = true)
        {
            int generation = Session?.Generation ?? 0;
            var (resp, info) = await AttemptAsync(request, ct).ConfigureAwait(false);
            if (resp == null) throw ErrorMapper.FromResponse(info, _server);
            if (info.StatusCode == 401 && request.Authenticate && Session != null && !renewed)
            {
                resp.Dispose();
                VCloudTrace.Write($"{info.Describe()} -> 401: session expired, logging in again and replaying the request.");
                await Session.RenewAsync(generation, ct).ConfigureAwait(false);
                continue;
            }
            var old = resp.Content;
            if (old != null)
            {
                var watched = new StreamContent(await OpenBodyAsync(resp, info, cap: null).ConfigureAwait(false));
                foreach (var h in old.Headers) watched.Headers.TryAddWithoutValidation(h.Key, h.Value);
                resp.Content = watched;
            }
            return resp;
        }
    }

    private async Task<T> RunAsync<T>(PipelineRequest request, Func<HttpResponseMessage, ApiResponse, CancellationToken, Task<T>> onSuccess,
        Func<ApiResponse, T> onFailure, CancellationToken ct)
    {
        var budget = Settings.Retry.Start();
        bool renewed = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            int generation = Session?.Generation ?? 0;
            var (resp, info) = await AttemptAsync(request, ct).ConfigureAwait(false);
            using (resp)
            {
                if (resp != null && info.IsSuccess)
                {
                    try
                    {
                        return await onSuccess(resp, info, ct).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!ct.IsCancellationRequested && IsBrokenBody(ex))
                    {
                        var retryIn = budget.Next(FailureClass.Unknown, info.Idempotent, null);
                        if (retryIn == null) throw ex is VCloudException ? ex : ErrorMapper.FromTransport(ex, info, _server);
                        VCloudTrace.Write($"{info.Describe()} -> body broke off ({ex.GetType().Name}); retry in {retryIn.Value.TotalSeconds:0.0} s ({budget.Describe()}).");
                        await budget.WaitAsync(retryIn.Value, ct).ConfigureAwait(false);
                        continue;
                    }
                }
                if (resp != null) info.Body = await ReadErrorBodyAsync(resp, info, ct).ConfigureAwait(false);
            }

            if (info.StatusCode == 401 && request.Authenticate && Session != null && !renewed)
            {
                renewed = true;
                VCloudTrace.Write($"{info.Describe()} -> 401: session expired, logging in again and replaying the request.");
                await Session.RenewAsync(generation, ct).ConfigureAwait(false);
                continue;
            }
            var failure = FailureClassifier.Classify(info);
            var delay = budget.Next(failure, info.Idempotent, FailureClassifier.RetryAfter(info));
            if (delay == null)
            {
                if (failure != FailureClass.Permanent && budget.Failures > 0)
                    VCloudTrace.Write($"{info.Describe()} -> {FailureClassifier.Summary(info)}; giving up ({budget.Describe()}).");
                return onFailure(info);
            }
            VCloudTrace.Write($"{info.Describe()} -> {FailureClassifier.Summary(info)}; retry in {delay.Value.TotalSeconds:0.0} s ({budget.Describe()}).");
            await budget.WaitAsync(delay.Value, ct).ConfigureAwait(false);
        }
    }

    private static bool IsBrokenBody(Exception ex) =>
        ex is IOException || ex is HttpRequestException || (ex is VCloudException v && v.ErrorId == "ResponseStalled");

    private async Task<(HttpResponseMessage? response, ApiResponse info)> AttemptAsync(PipelineRequest request, CancellationToken ct)
    {
        var req = request.Build();
        var info = new ApiResponse
        {
            Method = req.Method.Method,
            Uri = req.RequestUri!,
            Idempotent = request.Idempotent ?? PipelineRequest.IsIdempotentMethod(req.Method),
        };
        if (request.Authenticate)
        {
            var session = Session ?? throw new InvalidOperationException("An authenticated request needs a session.");
            var s = session.Current ?? throw session.NotConnected();
            req.Headers.Remove(s.HeaderName);
            req.Headers.TryAddWithoutValidation(s.HeaderName, s.HeaderValue);
        }
        if (req.Headers.Accept.Count == 0 && DefaultAccept != null) req.Headers.TryAddWithoutValidation("Accept", DefaultAccept);
        if (!string.IsNullOrEmpty(Settings.ClientRequestIdPrefix))
            req.Headers.TryAddWithoutValidation("X-VMWARE-VCLOUD-CLIENT-REQUEST-ID", Settings.ClientRequestIdPrefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        Interlocked.Increment(ref _requests);
        var timeout = PipelineSettings.OrInfinite(Settings.ResponseTimeout);
        using var silence = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, silence.Token);
        silence.CancelAfter(timeout);
        if (req.Content != null)
            req.Content = new WatchedContent(req.Content, () => { try { silence.CancelAfter(timeout); } catch (ObjectDisposedException) { } });

        var sw = Stopwatch.StartNew();
        int refusalsBefore = Settings.Certificates?.Refusals ?? 0;
        HttpResponseMessage? resp = null;
        try
        {
            resp = await _http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            req.Dispose();
            throw;
        }
        catch (Exception ex) when (IsConnectTimeout(ex) && !silence.IsCancellationRequested)
        {
            info.TimedOut = true; info.NotSent = true;
            info.TimeoutWaitingFor = "a connection"; info.Timeout = Settings.ConnectTimeout;
        }
        catch (Exception ex) when (ex is OperationCanceledException && silence.IsCancellationRequested)
        {
            info.TimedOut = true;
            info.TimeoutWaitingFor = req.Content != null ? "the server to accept the request body or answer it" : "the response headers";
            info.Timeout = timeout;
        }
        catch (Exception ex) when (ex is HttpRequestException || ex is IOException || ex is OperationCanceledException)
        {
            info.TransportError = ex;
            if (ErrorMapper.IsCertificateFailure(ex) && Settings.Certificates is { } check)
            {
                if (check.Refusals != refusalsBefore) info.CertificateProblem = check.LastRefusal;
                else info.TlsWithoutCertificate = true;
            }
        }
        _serverUnreachable = resp == null && info.TransportError != null && !ErrorMapper.IsCertificateFailure(info.TransportError);
        if (resp == null)
        {
            req.Dispose();
            VCloudTrace.Write($"{info.Describe()} -> {FailureClassifier.Summary(info)} ({sw.ElapsedMilliseconds} ms)");
            return (null, info);
        }
        info.StatusCode = (int)resp.StatusCode;
        info.ContentType = resp.Content?.Headers.ContentType?.ToString();
        foreach (var h in resp.Headers) info.AddHeader(h.Key, h.Value);
        if (resp.Content != null) foreach (var h in resp.Content.Headers) info.AddHeader(h.Key, h.Value);
        VCloudTrace.Write($"{info.Describe()} -> {FailureClassifier.Summary(info)} ({sw.ElapsedMilliseconds} ms)");
        return (resp, info);
    }

    private static bool IsConnectTimeout(Exception ex)
    {
        for (var e = ex; e != null; e = e.InnerException)
            if (e is TimeoutException) return true;
        return false;
    }

    private async Task<Stream> OpenBodyAsync(HttpResponseMessage resp, ApiResponse info, long? cap)
    {
        if (cap.HasValue && resp.Content?.Headers.ContentLength > cap.Value) throw TooLarge(info, cap.Value);
        var raw = resp.Content == null ? Stream.Null : await resp.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var inactivity = PipelineSettings.OrInfinite(Settings.BodyInactivityTimeout);
        return new WatchedStream(raw, inactivity, cap, () => Stalled(info, inactivity), () => TooLarge(info, cap ?? 0));
    }

    private async Task<string> ReadBodyAsync(HttpResponseMessage resp, ApiResponse info, long cap, CancellationToken ct)
    {
        using var body = await OpenBodyAsync(resp, info, cap).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, 81920, ct).ConfigureAwait(false);
        return Decode(resp, buffer);
    }

    /// <summary>Up to 256 KiB of a failed response, for its error message; a body that breaks off is not an error here.</summary>
    private async Task<string> ReadErrorBodyAsync(HttpResponseMessage resp, ApiResponse info, CancellationToken ct)
    {
        if (resp.Content == null) return "";
        try
        {
            using var raw = await resp.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var inactivity = PipelineSettings.OrInfinite(Settings.BodyInactivityTimeout);
            using var body = new WatchedStream(raw, inactivity, null, () => Stalled(info, inactivity), () => TooLarge(info, ErrorBodyCap));
            using var buffer = new MemoryStream();
            var chunk = new byte[16384];
            int n;
            while (buffer.Length < ErrorBodyCap && (n = await body.ReadAsync(chunk, 0, chunk.Length, ct).ConfigureAwait(false)) > 0)
                buffer.Write(chunk, 0, n);
            return buffer.Length >= ErrorBodyCap ? "" : Decode(resp, buffer);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && !(ex is OperationCanceledException))
        {
            return "";
        }
    }

    private static string Decode(HttpResponseMessage resp, MemoryStream buffer)
    {
        Encoding encoding = Encoding.UTF8;
        var charset = resp.Content?.Headers.ContentType?.CharSet;
        if (!string.IsNullOrWhiteSpace(charset))
            try { encoding = Encoding.GetEncoding(charset!.Trim('"')); } catch (ArgumentException) { }
        return encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private VCloudException Stalled(ApiResponse info, TimeSpan inactivity) =>
        new VCloudException(VCloudErrorKind.Timeout, "ResponseStalled",
            $"{info.Describe()} on {_server}: the response stopped arriving (no data for {inactivity.TotalSeconds:0.#} s). " +
            "Connect-VCloud -InactivityTimeoutSec sets this wait.")
        { StatusCode = info.StatusCode, Request = info.Describe() };

    private VCloudException TooLarge(ApiResponse info, long cap) =>
        new VCloudException(VCloudErrorKind.Protocol, "ResponseTooLarge",
            $"{info.Describe()} on {_server} answered with more than {cap / 1048576.0:0.#} MiB, more than any vCD API response should be; " +
            "the client stopped reading it. Connect-VCloud -MaxResponseSizeMB raises the limit.")
        { StatusCode = info.StatusCode, Request = info.Describe() };

    public void Dispose() => _http.Dispose();
}
