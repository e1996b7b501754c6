using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Ovf;

/// <summary>A byte range of a local file: a whole file of an OVF folder, an entry of an OVA, or one part of a
/// chunked (<c>ovf:chunkSize</c>) file.</summary>
public sealed class FileSegment
{
    public FileSegment(string path, long offset, long length) { Path = path; Offset = offset; Length = length; }
    public string Path { get; }
    public long Offset { get; }
    public long Length { get; }
}

/// <summary>Reads a list of segments as one forward stream, starting at any logical offset (resume).
/// Opens one file at a time with sequential-scan hints; never buffers more than the caller's buffer.</summary>
public sealed class SegmentReadStream : Stream
{
    private readonly IReadOnlyList<FileSegment> _segments;
    private readonly long _length;
    private long _position;
    private int _index = -1;
    private FileStream? _file;
    private long _leftInSegment;

    public SegmentReadStream(IReadOnlyList<FileSegment> segments, long startOffset)
    {
        _segments = segments;
        foreach (var s in segments) _length += s.Length;
        if (startOffset < 0 || startOffset > _length) throw new ArgumentOutOfRangeException(nameof(startOffset));
        _position = startOffset;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (!EnsureFile()) return 0;
        var n = _file!.Read(buffer, offset, (int)Math.Min(count, _leftInSegment));
        return Advance(n);
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (!EnsureFile()) return 0;
        var n = await _file!.ReadAsync(buffer, offset, (int)Math.Min(count, _leftInSegment), cancellationToken).ConfigureAwait(false);
        return Advance(n);
    }

    private int Advance(int n)
    {
        if (n == 0)
            throw new OvfPackageException("PackageFileChanged", $"'{_segments[_index].Path}' became shorter while it was being read.", _segments[_index].Path);
        _position += n; _leftInSegment -= n;
        return n;
    }

    private bool EnsureFile()
    {
        if (_file != null && _leftInSegment > 0) return true;
        if (_position >= _length) return false;
        _file?.Dispose(); _file = null;
        long start = 0;
        for (int i = 0; i < _segments.Count; i++)
        {
            var s = _segments[i];
            if (_position < start + s.Length)
            {
                _index = i;
                _file = new FileStream(s.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
                _file.Position = s.Offset + (_position - start);
                _leftInSegment = s.Length - (_position - start);
                return true;
            }
            start += s.Length;
        }
        return false;
    }

    protected override void Dispose(bool disposing) { if (disposing) _file?.Dispose(); base.Dispose(disposing); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
