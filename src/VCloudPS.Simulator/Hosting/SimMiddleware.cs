using Microsoft.AspNetCore.Http;
using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Faults;

namespace VCloudPS.Simulator.Hosting;

/// <summary>
/// The request pipeline in front of every endpoint: request id, error mapping, fault injection, strict Accept-version
/// negotiation, authentication with idle expiry, and lazy task advancement.
/// </summary>
public sealed class SimMiddleware
{
    private readonly RequestDelegate _next;
    private readonly Simulation _sim;

    public SimMiddleware(RequestDelegate next, Simulation sim)
    {
        _next = next;
        _sim = sim;
    }

    public async Task InvokeAsync(HttpContext ctx)
    {
        var clientId = ctx.Request.Headers["X-VMWARE-VCLOUD-CLIENT-REQUEST-ID"].ToString();
        var requestId = Guid.NewGuid().ToString();
        if (clientId.Length is > 0 and <= 128 && clientId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) requestId = clientId + "-" + requestId;
        var rc = new RequestContext { RequestId = requestId, BaseUrl = $"{ctx.Request.Scheme}://{ctx.Request.Host}" };
        RequestContext.Set(ctx, rc);
        ctx.Response.Headers["X-VMWARE-VCLOUD-REQUEST-ID"] = requestId;
        // The Date header carries the simulated clock (clients read the cloud's "now" from it).
        ctx.Response.Headers.Date = _sim.Clock.UtcNow.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var started = DateTime.UtcNow;
        ctx.Response.OnStarting(() =>
        {
            ctx.Response.Headers["X-Vmware-Vcloud-Request-Execution-Time"] = ((int)(DateTime.UtcNow - started).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });

        var path = ctx.Request.Path.Value ?? "/";
        try
        {
            if (!path.StartsWith("/sim/", StringComparison.OrdinalIgnoreCase) && !await ApplyFaultAsync(ctx, rc, path)) return;
            _sim.Tasks.Tick();
            NegotiateVersion(ctx, rc, path);
            Authenticate(ctx, rc, path);
            if (ctx.GetEndpoint() is null && !path.StartsWith("/sim/", StringComparison.OrdinalIgnoreCase))
            {
                ctx.Response.StatusCode = 404;
                return;
            }
            if (!DiskTransferGauge.Counts(path)) { await _next(ctx); return; }
            _sim.DiskTransfers.Enter();
            try { await _next(ctx); }
            finally { _sim.DiskTransfers.Exit(); }
        }
        catch (ApiException ex)
        {
            await ErrorWriter.WriteAsync(ctx, ex);
        }
        catch (DroppedConnectionException)
        {
            ctx.Abort();
        }
    }

    // ---------------- faults ----------------
    private async Task<bool> ApplyFaultAsync(HttpContext ctx, RequestContext rc, string path)
    {
        if (ExtractToken(ctx) is { } session && _sim.Faults.RateLimit(path, ctx.Request.Method, session) is { } wait)
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            ctx.Response.ContentLength = 0;
            return false;
        }
        var fault = _sim.Faults.TryTake(path, ctx.Request.Method);
        if (fault is null) return true;
        switch (fault.Kind)
        {
            case FaultKinds.Status:
                var status = fault.Status ?? 503;
                if (path.StartsWith("/api", StringComparison.OrdinalIgnoreCase) && status != 401 && fault.Message != "")
                    throw new ApiException(status, status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST", fault.Message ?? "Simulated fault.");
                ctx.Response.StatusCode = status;
                ctx.Response.ContentLength = 0;
                return false;
            case FaultKinds.Drop:
                if (fault.AfterBytes is not { } after) { ctx.Abort(); return false; }
                if (ctx.Request.ContentLength > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
                    ctx.Request.Body = new DroppingStream(ctx.Request.Body, after, ctx, reading: true);
                else
                    ctx.Response.Body = new DroppingStream(ctx.Response.Body, after, ctx, reading: false);
                return true;
            case FaultKinds.Slow:
                await Task.Delay(fault.DelayMs ?? 2000, ctx.RequestAborted);
                return true;
            case FaultKinds.TaskFail:
                rc.TaskFailure = fault.Message ?? "Simulated task failure: the operation could not be completed.";
                return true;
            case FaultKinds.Hang:
                rc.TaskHang = true;
                return true;
            case FaultKinds.Busy:
                throw new ApiException(400, "BUSY_ENTITY",
                    $"The entity Ref: com.vmware.vcloud.entity.vapp:{Guid.NewGuid()} is busy completing an operation VAPP_UPDATE_VM. VAPP_UPDATE_VM(com.vmware.vcloud.entity.task:{Guid.NewGuid()})");
            case FaultKinds.ExpireSession:
                var token = ExtractToken(ctx);
                if (token != null && _sim.Sessions.Resolve(token, touch: false) is { } s) _sim.Sessions.Expire(s);
                throw ApiException.Unauthorized();
        }
        return true;
    }

    // ---------------- versions ----------------
    private static bool NeedsVersion(string path) =>
        (path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || path.Equals("/api", StringComparison.OrdinalIgnoreCase) ||
         path.StartsWith("/cloudapi/", StringComparison.OrdinalIgnoreCase)) &&
        !path.Equals("/api/versions", StringComparison.OrdinalIgnoreCase);

    private void NegotiateVersion(HttpContext ctx, RequestContext rc, string path)
    {
        if (!NeedsVersion(path)) return;
        var accept = ctx.Request.Headers.Accept.ToString();
        string? version = null;
        foreach (var range in accept.Split(','))
        {
            foreach (var p in range.Split(';').Skip(1))
            {
                var kv = p.Split('=', 2);
                if (kv.Length == 2 && kv[0].Trim().Equals("version", StringComparison.OrdinalIgnoreCase)) { version = kv[1].Trim().Trim('"'); break; }
            }
            if (version != null) break;
        }
        var info = version is null ? null : _sim.Versions.Find(version);
        if (info is null)
            throw new ApiException(406, "NOT_ACCEPTABLE",
                "The request has invalid accept header: Invalid API version requested. Supported API versions are: " +
                _sim.Versions.SupportedListText() + " ([D] indicates deprecated versions)");
        rc.ApiVersion = info.Version;
    }

    // ---------------- authentication ----------------
    private static bool IsPublic(HttpContext ctx, string path)
    {
        var post = HttpMethods.IsPost(ctx.Request.Method);
        return path.Equals("/api/versions", StringComparison.OrdinalIgnoreCase)
            || post && path.TrimEnd('/').Equals("/api/sessions", StringComparison.OrdinalIgnoreCase)
            || post && path.TrimEnd('/').Equals("/cloudapi/1.0.0/sessions", StringComparison.OrdinalIgnoreCase)
            || post && path.TrimEnd('/').Equals("/cloudapi/1.0.0/sessions/provider", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("/oauth/", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("/sim/", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/", StringComparison.Ordinal);
    }

    public static string? ExtractToken(HttpContext ctx)
    {
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return auth[7..].Trim();
        var legacy = ctx.Request.Headers["x-vcloud-authorization"].ToString();
        if (legacy.Length > 0) return legacy.Trim();
        var access = ctx.Request.Headers["X-VMWARE-VCLOUD-ACCESS-TOKEN"].ToString();
        return access.Length > 0 ? access.Trim() : null;
    }

    private void Authenticate(HttpContext ctx, RequestContext rc, string path)
    {
        var isTransfer = path.StartsWith("/transfer/", StringComparison.OrdinalIgnoreCase);
        var token = ExtractToken(ctx);
        // Transfer requests never refresh the idle timer (vcd-api.md §10 item 4); the Transfer code decides on auth.
        if (token != null) rc.Session = _sim.Sessions.Resolve(token, touch: !isTransfer);
        if (rc.Session is { IsProvider: true } && Guid.TryParse(ctx.Request.Headers["X-VMWARE-VCLOUD-TENANT-CONTEXT"].ToString(), out var tenant))
            rc.TenantContext = tenant;
        if (isTransfer || IsPublic(ctx, path)) return;
        if (rc.Session is null) throw ApiException.Unauthorized();
    }
}
