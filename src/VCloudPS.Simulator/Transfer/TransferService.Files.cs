using System.Text;
using Microsoft.AspNetCore.Http;
using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Transfer.Http;
using VCloudPS.Simulator.Transfer.Sessions;
using TaskStatus = VCloudPS.Simulator.Store.TaskStatus;

namespace VCloudPS.Simulator.Transfer;

internal sealed partial class TransferService
{
    /// <summary>GET|HEAD /transfer/{session}/{file}: a descriptor, an OVA or a disk of an enabled download.</summary>
    public async Task DownloadAsync(HttpContext ctx, string sessionText, string file)
    {
        var rc = ctx.Sim();
        if (rc.Session is null)
        {
            throw ApiException.Unauthorized();
        }
        if (!Guid.TryParse(sessionText, out var id) || !_downloads.TryGetValue(id, out var session) || !Access.CanSee(rc, session.OrgId))
        {
            throw NotFound();
        }
        var now = _sim.Clock.UtcNow;
        lock (Store.Sync)
        {
            var exists = Store.VApps.ContainsKey(session.EntityId) || Store.Templates.ContainsKey(session.EntityId);
            if (!exists || session.IsExpired(now, TransferIdleTimeout))
            {
                ExpireDownload(session);   // idle for an hour, or the vApp/template was deleted meanwhile
                throw NotFound();
            }
        }
        if (!session.Items.TryGetValue(file, out var item))
        {
            throw NotFound();
        }
        session.Touch(now);
        await TransferResponder.ServeAsync(ctx, item.Source, item.ContentType);
        session.Touch(_sim.Clock.UtcNow);
    }

    /// <summary>PUT /transfer/{session}/{file}: the descriptor or a file (chunk) of an upload.</summary>
    public async Task UploadAsync(HttpContext ctx, string sessionText, string file)
    {
        var rc = ctx.Sim();
        if (rc.Session is null)
        {
            throw ApiException.Unauthorized();
        }
        if (!Guid.TryParse(sessionText, out var id) || !_uploads.TryGetValue(id, out var entry))
        {
            throw NotFound();
        }
        ImportState state;
        lock (Store.Sync)
        {
            if (TransferStateOf(entry.Entity) is not ImportState s || !Access.CanSee(rc, s.OrgId))
            {
                throw NotFound();
            }
            if (s.UploaderUserId is { } owner && owner != rc.Session.UserId)
            {
                throw ApiException.Forbidden("This upload URL belongs to another user's session.");
            }
            state = s;
            ExpireUploadIfIdle(state);
            if (TaskStatus.IsDone(state.Task.Status) && state.Task.Status != TaskStatus.Success)
            {
                state.Upload.Fail(state.Task.ErrorMessage ?? "The upload task was canceled.");
            }
            state.LastActivityUtc = _sim.Clock.UtcNow;
        }

        var result = await state.Upload.PutAsync(file, ctx.Request.Headers.ContentRange, ctx.Request.ContentLength, ctx.Request.Body, ctx.RequestAborted);

        lock (Store.Sync)
        {
            state.LastActivityUtc = _sim.Clock.UtcNow;
            if (state.Upload.Phase == UploadPhase.ContentsPending && !TaskStatus.IsDone(state.Task.Status))
            {
                var content = state.Upload.Files.Where(f => f.Kind == UploadFileKind.Content).ToList();
                var total = content.Sum(f => f.Size ?? 0);
                var done = content.Sum(f => f.BytesTransferred);
                _sim.Tasks.SetProgress(state.Task, total == 0 ? 99 : (int)Math.Min(99, 5 + done * 94 / total));
            }
            Store.Touch();
        }

        ctx.Response.StatusCode = result.StatusCode;
        if (result.StatusCode == StatusCodes.Status416RangeNotSatisfiable || result.Message is null)
        {
            ctx.Response.ContentLength = 0;   // vCD's transfer server answers 416 with an empty body
            return;
        }
        var body = Encoding.UTF8.GetBytes(result.Message);
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
    }

    private static ApiException NotFound() => new(404, "NOT_FOUND", string.Empty) { EmptyBody = true };

    /// <summary>Drops an idle download (call inside the lock).</summary>
    private void ExpireDownload(DownloadSession session)
    {
        _downloads.TryRemove(session.Id, out _);
        SimEntity? entity = Store.VApps.TryGetValue(session.EntityId, out var vapp) ? vapp
            : Store.Templates.TryGetValue(session.EntityId, out var template) ? template : null;
        if (entity is not null && TransferStateOf(entity) is DownloadState ds && ds.SessionId == session.Id)
        {
            SetTransferState(entity, null);
            Store.Touch();
        }
    }

    /// <summary>An upload without transfer activity for the transfer timeout fails as TRANSFER_TIMEOUT (call inside the lock).</summary>
    private void ExpireUploadIfIdle(ImportState state)
    {
        if (state.Upload.Phase is UploadPhase.DescriptorPending or UploadPhase.ContentsPending
            && _sim.Clock.UtcNow - state.LastActivityUtc > TransferIdleTimeout)
        {
            state.TimedOut = true;
            state.Upload.Fail("The upload was idle for more than 60 minutes; the transfer session timed out.");
        }
    }
}
