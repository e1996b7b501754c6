using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;

namespace VCloudPS.Tests.Transfer;

/// <summary>An in-memory vCD-like transfer server as an HttpMessageHandler: GET with Range, PUT with sequential
/// Content-Range (416 with an empty body otherwise), and injectable faults (dropped connections, 5xx).</summary>
internal sealed class FakeTransferServer : HttpMessageHandler
{
    public Dictionary<string, byte[]> Files { get; } = new();
    public Dictionary<string, MemoryStream> Stored { get; } = new();
    public List<string> Log { get; } = new();
    public bool IgnoreRange { get; set; }
    /// <summary>Each entry: drop the next GET's body after this many bytes.</summary>
    public Queue<long> GetDrops { get; } = new();
    /// <summary>Each entry: the next PUT keeps this many bytes of its body, then the connection drops.</summary>
    public Queue<long> PutDrops { get; } = new();
    public Queue<int> PutStatuses { get; } = new();
    public Queue<int> GetStatuses { get; } = new();
    /// <summary>Each entry: the next GET's body sends this many bytes, then nothing more (the connection stays open).</summary>
    public Queue<long> GetStalls { get; } = new();
    /// <summary>Bytes the server "loses" after a successful PUT (simulates a cell that did not persist), once.</summary>
    public long LoseAfterNextPut { get; set; }

    public long BytesStored(string path) { lock (Stored) return Stored.TryGetValue(path, out var s) ? s.Length : 0; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Get)
        {
            if (!Files.TryGetValue(path, out var data)) return new HttpResponseMessage(HttpStatusCode.NotFound);
            var range = request.Headers.Range?.Ranges.FirstOrDefault();
            lock (Log) Log.Add($"GET {path} {(range == null ? "" : $"from {range.From}")}");
            long from = IgnoreRange || range == null ? 0 : range.From!.Value;
            lock (GetStatuses) if (GetStatuses.Count > 0) return new HttpResponseMessage((HttpStatusCode)GetStatuses.Dequeue());
            long? drop = null, stall = null;
            lock (GetDrops) if (GetDrops.Count > 0) drop = GetDrops.Dequeue();
            lock (GetStalls) if (GetStalls.Count > 0) stall = GetStalls.Dequeue();
            var body = new DroppingStream(new MemoryStream(data, (int)from, data.Length - (int)from), drop) { StallAfter = stall };
            var resp = new HttpResponseMessage(from > 0 ? HttpStatusCode.PartialContent : HttpStatusCode.OK) { Content = new StreamContent(body) };
            resp.Content.Headers.ContentLength = data.Length - from;
            if (from > 0) resp.Content.Headers.ContentRange = new ContentRangeHeaderValue(from, data.Length - 1, data.Length);
            return resp;
        }
        if (request.Method == HttpMethod.Put)
        {
            var cr = request.Content!.Headers.ContentRange;
            lock (Log) Log.Add($"PUT {path} {cr}");
            lock (PutStatuses) if (PutStatuses.Count > 0) return new HttpResponseMessage((HttpStatusCode)PutStatuses.Dequeue());
            MemoryStream stored;
            lock (Stored) { if (!Stored.TryGetValue(path, out stored!)) Stored[path] = stored = new MemoryStream(); }
            if (cr != null && cr.From != stored.Length) return new HttpResponseMessage(HttpStatusCode.RequestedRangeNotSatisfiable);
            long? keep = null;
            lock (PutDrops) if (PutDrops.Count > 0) keep = PutDrops.Dequeue();
            var ms = new MemoryStream();
            await request.Content.CopyToAsync(ms, ct);
            var bytes = ms.ToArray();
            if (keep.HasValue)
            {
                stored.Write(bytes, 0, (int)Math.Min(keep.Value, bytes.Length));
                throw new HttpRequestException("The connection was reset (injected).", new IOException("reset"));
            }
            stored.Write(bytes);
            if (LoseAfterNextPut > 0) { stored.SetLength(stored.Length - LoseAfterNextPut); LoseAfterNextPut = 0; }
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
        return new HttpResponseMessage(HttpStatusCode.MethodNotAllowed);
    }

    private sealed class DroppingStream : Stream
    {
        private readonly Stream _inner; private long? _left;
        public DroppingStream(Stream inner, long? dropAfter) { _inner = inner; _left = dropAfter; }
        public long? StallAfter { get; set; }
        private long _sent;
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        {
            if (StallAfter.HasValue && _sent >= StallAfter.Value) await Task.Delay(Timeout.Infinite, ct);
            if (StallAfter.HasValue) count = (int)Math.Min(count, StallAfter.Value - _sent);
            var n = Read(buffer, offset, count);
            _sent += n;
            return n;
        }
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            MemoryMarshal.TryGetArray<byte>(buffer, out var array)
                ? new ValueTask<int>(ReadAsync(array.Array!, array.Offset, array.Count, cancellationToken))
                : base.ReadAsync(buffer, cancellationToken);
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left == 0) throw new IOException("The response ended prematurely (injected drop).");
            if (_left.HasValue) count = (int)Math.Min(count, _left.Value);
            var n = _inner.Read(buffer, offset, count);
            if (_left.HasValue) _left -= n;
            return n;
        }
        public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long o, SeekOrigin s) => throw new NotSupportedException();
        public override void SetLength(long v) => throw new NotSupportedException();
        public override void Write(byte[] b, int o, int c) => throw new NotSupportedException();
    }
}
