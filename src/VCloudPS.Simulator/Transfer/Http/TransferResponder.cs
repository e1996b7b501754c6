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
        // Read straight into the response pipe's memory: no intermediate buffer and no extra copy per block.
        var writer = response.BodyWriter;
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
                var read = 0;
                if (want > 0)
                {
                    var memory = writer.GetMemory(want);
                    read = source.Read(position, memory.Span[..Math.Min(want, memory.Length)]);
                    writer.Advance(read);
                }
                if (read > 0)
                {
                    var flushed = await writer.FlushAsync(cancellation).ConfigureAwait(false);
                    if (flushed.IsCanceled || flushed.IsCompleted)
                    {
                        return;
                    }
                    position += read;
                    remaining -= read;
                    sent += read;
                }
                if (dropAfterBytes is { } drop && sent >= drop)
                {
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
    }
}
