using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace VCloudPS.Core.Ovf.Tar;

/// <summary>Forward-only reader of ustar/pax/GNU tar archives. Links, devices and names escaping the archive
/// folder are refused; a short archive is reported as truncated. On a seekable stream entry data is skipped by
/// seeking (headers only are read); otherwise it is read through <see cref="OpenData"/> or skipped.</summary>
public sealed class TarReader
{
    private readonly Stream _stream;
    private readonly string _archiveName;
    private readonly byte[] _block = new byte[TarHeader.BlockSize];
    private long _position;
    private long _nextHeader;
    private TarEntry? _current;
    private long _currentRead;
    private bool _finished;

    public TarReader(Stream stream, string archiveName)
    {
        _stream = stream;
        _archiveName = archiveName;
        _position = stream.CanSeek ? stream.Position : 0;
        _nextHeader = _position;
    }

    /// <summary>The next file or directory entry, or null at the end of the archive.</summary>
    public TarEntry? Next()
    {
        if (_finished) return null;
        SkipToNextHeader();
        string? paxPath = null, longName = null; long? paxSize = null;
        while (true)
        {
            if (!ReadBlock(allowEof: true))
            {   // EOF exactly on a header boundary without the end marker: tolerated (several writers omit it).
                _finished = true; return null;
            }
            if (IsZero(_block)) { _finished = true; return null; }
            VerifyChecksum();
            var type = (char)_block[156];
            var size = ParseSize();
            var name = ParseName();
            var dataOffset = _position;
            switch (type)
            {
                case 'x':
                    foreach (var kv in ReadPax(size))
                    {
                        if (kv.Key == "path") paxPath = kv.Value;
                        else if (kv.Key == "size") paxSize = long.Parse(kv.Value, NumberStyles.None, CultureInfo.InvariantCulture);
                        else if (kv.Key == "linkpath") throw Refused(paxPath ?? name, "it is a link");
                    }
                    continue;
                case 'g':
                    SkipBytes(size + TarHeader.Padding(size));
                    continue;
                case 'L':
                    longName = ReadSmallData(size).TrimEnd('\0');
                    continue;
                case 'K':
                case '1':
                case '2':
                    throw Refused(longName ?? paxPath ?? name, "it is a hard or symbolic link");
                case '0':
                case '\0':
                case '7':
                case '5':
                    var full = paxPath ?? longName ?? name;
                    var realSize = paxSize ?? size;
                    var isDir = type == '5' || (full.EndsWith("/", StringComparison.Ordinal) && realSize == 0);
                    if (isDir && (full.Trim('/') == "." || full.Trim('/').Length == 0))
                    {   // "./" entry some tar tools write first
                        _nextHeader = dataOffset + realSize + TarHeader.Padding(realSize);
                        SkipToNextHeader(); paxPath = null; longName = null; paxSize = null;
                        continue;
                    }
                    var safe = PackagePath.Validate(full.TrimEnd('/'), $"Entry of archive '{_archiveName}'");
                    if (_stream.CanSeek && dataOffset + realSize > _stream.Length)
                        throw Truncated($"entry '{safe}' declares {realSize} bytes but the archive ends {dataOffset + realSize - _stream.Length} bytes short");
                    _current = new TarEntry(safe, isDir ? 0 : realSize, dataOffset, isDir);
                    _currentRead = 0;
                    _nextHeader = dataOffset + realSize + TarHeader.Padding(realSize);
                    return _current;
                default:
                    throw Refused(paxPath ?? longName ?? name, $"its type '{type}' is not a regular file (devices, FIFOs and sparse files are not allowed in an OVA)");
            }
        }
    }

    /// <summary>Reads the current entry's data forward (only for the entry just returned by <see cref="Next"/>).</summary>
    public Stream OpenData()
    {
        if (_current == null) throw new InvalidOperationException("No current entry.");
        if (_stream.CanSeek && _stream.Position != _current.DataOffset + _currentRead) _stream.Position = _current.DataOffset + _currentRead;
        return new EntryStream(this);
    }

    private int ReadCurrent(byte[] buffer, int offset, int count)
    {
        var left = _current!.Size - _currentRead;
        if (left <= 0) return 0;
        var n = _stream.Read(buffer, offset, (int)Math.Min(count, left));
        if (n == 0) throw Truncated($"entry '{_current.Name}' ends after {_currentRead} of {_current.Size} bytes");
        _currentRead += n; _position += n;
        return n;
    }

    private void SkipToNextHeader()
    {
        if (_position == _nextHeader) return;
        if (_stream.CanSeek)
        {
            if (_nextHeader > _stream.Length) throw Truncated("the last entry's data is incomplete");
            _stream.Position = _nextHeader; _position = _nextHeader;
        }
        else SkipBytes(_nextHeader - _position);
    }

    private void SkipBytes(long count)
    {
        if (_stream.CanSeek)
        {
            if (_position + count > _stream.Length) throw Truncated("an entry's data is incomplete");
            _stream.Position = _position + count; _position += count; return;
        }
        var buf = new byte[64 * 1024];
        while (count > 0)
        {
            var n = _stream.Read(buf, 0, (int)Math.Min(buf.Length, count));
            if (n == 0) throw Truncated("an entry's data is incomplete");
            count -= n; _position += n;
        }
    }

    private bool ReadBlock(bool allowEof)
    {
        int got = 0;
        while (got < TarHeader.BlockSize)
        {
            var n = _stream.Read(_block, got, TarHeader.BlockSize - got);
            if (n == 0) break;
            got += n;
        }
        _position += got;
        if (got == 0 && allowEof) return false;
        if (got < TarHeader.BlockSize) throw Truncated("a header block is incomplete");
        return true;
    }

    private string ReadSmallData(long size)
    {
        if (size > 1024 * 1024) throw Invalid("an extended header is larger than 1 MiB");
        var data = new byte[size];
        int got = 0;
        while (got < size)
        {
            var n = _stream.Read(data, got, (int)size - got);
            if (n == 0) throw Truncated("an extended header is incomplete");
            got += n;
        }
        _position += size;
        SkipBytes(TarHeader.Padding(size));
        return Encoding.UTF8.GetString(data);
    }

    private IEnumerable<KeyValuePair<string, string>> ReadPax(long size)
    {
        var text = ReadSmallData(size);
        var list = new List<KeyValuePair<string, string>>();
        int i = 0;
        var bytes = Encoding.UTF8.GetBytes(text);
        while (i < bytes.Length)
        {
            int sp = Array.IndexOf(bytes, (byte)' ', i);
            if (sp < 0) throw Invalid("a pax record is malformed");
            if (!int.TryParse(Encoding.ASCII.GetString(bytes, i, sp - i), NumberStyles.None, CultureInfo.InvariantCulture, out var len) || len <= 0 || i + len > bytes.Length)
                throw Invalid("a pax record length is malformed");
            var rec = Encoding.UTF8.GetString(bytes, sp + 1, i + len - sp - 2);   // without the trailing \n
            var eq = rec.IndexOf('=');
            if (eq <= 0) throw Invalid("a pax record has no key");
            list.Add(new KeyValuePair<string, string>(rec.Substring(0, eq), rec.Substring(eq + 1)));
            i += len;
        }
        return list;
    }

    private void VerifyChecksum()
    {
        var stored = ParseOctal(148, 8);
        long unsigned = 0, signed = 0;
        for (int i = 0; i < TarHeader.BlockSize; i++)
        {
            var v = i >= 148 && i < 156 ? (byte)' ' : _block[i];
            unsigned += v; signed += (sbyte)v;
        }
        if (stored != unsigned && stored != signed) throw Invalid("a header checksum does not match (corrupt or not a tar archive)");
    }

    private long ParseSize()
    {
        if ((_block[124] & 0x80) != 0)
        {
            long v = _block[124] & 0x7f;
            for (int i = 125; i < 136; i++) v = checked((v << 8) | _block[i]);
            return v;
        }
        return ParseOctal(124, 12);
    }

    private long ParseOctal(int offset, int length)
    {
        long v = 0; int i = offset, end = offset + length;
        while (i < end && _block[i] == ' ') i++;
        for (; i < end; i++)
        {
            var c = _block[i];
            if (c == 0 || c == ' ') break;
            if (c < '0' || c > '7') throw Invalid("a numeric header field is not octal");
            v = checked(v * 8 + (c - '0'));
        }
        return v;
    }

    private string ParseName()
    {
        var name = CString(0, 100);
        var magic = Encoding.ASCII.GetString(_block, 257, 6);
        if (magic == "ustar\0")
        {
            var prefix = CString(345, 155);
            if (prefix.Length > 0) name = prefix + "/" + name;
        }
        return name;
    }

    private string CString(int offset, int length)
    {
        int end = offset;
        while (end < offset + length && _block[end] != 0) end++;
        return Encoding.UTF8.GetString(_block, offset, end - offset);
    }

    private static bool IsZero(byte[] b) { foreach (var x in b) if (x != 0) return false; return true; }

    private OvfPackageException Truncated(string why)
        => new OvfPackageException("OvaTruncated", $"Archive '{_archiveName}' is truncated: {why}.", _archiveName);

    private OvfPackageException Invalid(string why)
        => new OvfPackageException("OvaInvalid", $"Archive '{_archiveName}' is not a valid tar archive: {why}.", _archiveName);

    private OvfPackageException Refused(string entry, string why)
        => new OvfPackageException("PackagePathEscapes", $"Entry '{entry}' of archive '{_archiveName}' is refused: {why}.", entry);

    private sealed class EntryStream : Stream
    {
        private readonly TarReader _r;
        public EntryStream(TarReader r) { _r = r; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _r._current!.Size;
        public override long Position { get => _r._currentRead; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _r.ReadCurrent(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
