using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using VCloudPS.Simulator.Transfer.Disks;

namespace VCloudPS.Simulator.Transfer.Http;

/// <summary>Streams a <see cref="ByteSource"/> as a download with Content-Length and single-range support.</summary>
public static class TransferResponder
{
    public const int BufferSize = 1 << 20;

    /// <param name="dropAfterBytes">Fault injection: abort the connection after this many body bytes.</param>
    public static async Task ServeAsync(HttpContext context, ByteSource source, string contentType, long? dropAfterBytes = null)
    {
        var response = context.Response;
        var length = source.Length;
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = contentType;

        var outcome = ByteRange.Parse(context.Request.Headers.Range, length, out var range);
        if (outcome == ByteRange.Outcome.NotSatisfiable)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = "bytes */" + length.ToString(CultureInfo.InvariantCulture);
            response.ContentLength = 0;
            return;
        }
        if (outcome == ByteRange.Outcome.Partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {range.Start}-{range.End}/{length}");
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
        }
        response.ContentLength = range.Length;
        if (HttpMethods.IsHead(context.Request.Method) || range.Length == 0)
        {
            return;
        }

        var cancellation = context.RequestAborted;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var position = range.Start;
            var remaining = range.Length;
            long sent = 0;
            while (remaining > 0)
            {
                var want = (int)Math.Min(remaining, BufferSize);
                if (dropAfterBytes is { } limit && sent + want > limit)
                {
                    want = (int)Math.Max(0, limit - sent);
                }
                var read = want == 0 ? 0 : await source.ReadAsync(position, buffer.AsMemory(0, want), cancellation).ConfigureAwait(false);
                if (read > 0)
                {
                    await response.Body.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
                    position += read;
                    remaining -= read;
                    sent += read;
                }
                if (dropAfterBytes is { } drop && sent >= drop)
                {
                    await response.Body.FlushAsync(cancellation).ConfigureAwait(false);
                    context.Abort();
                    return;
                }
                if (read == 0)
                {
                    throw new IOException("The file being downloaded is shorter than its advertised length.");
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
