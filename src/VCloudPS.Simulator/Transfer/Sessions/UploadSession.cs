using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using VCloudPS.Simulator.Transfer.Descriptors;
using VCloudPS.Simulator.Transfer.Http;

namespace VCloudPS.Simulator.Transfer.Sessions;

public enum UploadPhase
{
    /// <summary>Waiting for descriptor.ovf (entity status 0, ovfDescriptorUploaded=false).</summary>
    DescriptorPending,
    /// <summary>Descriptor accepted, validating it; the file list is not published yet.</summary>
    DescriptorProcessing,
    /// <summary>File list published; waiting for every file to reach its declared size.</summary>
    ContentsPending,
    /// <summary>All files received; building the entity.</summary>
    Completing,
    Complete,
    Failed,
}

/// <summary>Hooks the owner of an upload (a vApp template or vApp being created) plugs in.</summary>
public sealed class UploadHandlers
{
    /// <summary>Checks an accepted descriptor against quotas etc.; returns an error message to fail the upload, or null.</summary>
    public Func<UploadSession, OvfPackage, string?> ValidateDescriptor { get; init; } = (_, _) => null;
    /// <summary>Called after the file list has been published.</summary>
    public Action<UploadSession> FilesPublished { get; init; } = _ => { };
    /// <summary>Builds the entity from the received files; throwing fails the upload with the exception's message.</summary>
    public Func<UploadSession, Task> Completed { get; init; } = _ => Task.CompletedTask;
    public Action<UploadSession, string> Failed { get; init; } = (_, _) => { };
}

public sealed record UploadOptions
{
    /// <summary>How long after the descriptor PUT the file list appears (vCD validates the descriptor asynchronously).</summary>
    public TimeSpan FileListDelay { get; init; } = TimeSpan.FromMilliseconds(300);
    /// <summary>UploadVAppTemplateParams/@manifestRequired: a manifest.mf file is expected and checked.</summary>
    public bool ManifestRequired { get; init; }
}

public readonly record struct UploadPutResult(int StatusCode, string? Message = null)
{
    public static readonly UploadPutResult Ok = new(200);
    public static readonly UploadPutResult RangeNotSatisfiable = new(416);
}

/// <summary>
/// The transfer-server side of an OVF upload (vcd-api.md §5.2): descriptor.ovf first, then — asynchronously —
/// one file per References/File; each file PUT continues exactly at the last stored byte (else 416); the
/// upload completes only when every file has reached its declared size. Data streams to disk.
/// </summary>
public sealed class UploadSession
{
    public const string DescriptorName = "descriptor.ovf";
    public const string ManifestName = "manifest.mf";

    private readonly object _sync = new();
    private readonly List<UploadFile> _files = [];
    private readonly UploadOptions _options;
    private readonly UploadHandlers _handlers;

    public UploadSession(Guid id, string folder, UploadOptions options, UploadHandlers handlers)
    {
        Id = id;
        Folder = folder;
        _options = options;
        _handlers = handlers;
        Directory.CreateDirectory(folder);
        _files.Add(new UploadFile(DescriptorName, null, System.IO.Path.Combine(folder, DescriptorName), UploadFileKind.Descriptor));
    }

    public Guid Id { get; }
    public string Folder { get; }
    public UploadPhase Phase { get; private set; } = UploadPhase.DescriptorPending;
    public OvfPackage? Package { get; private set; }
    public string? FailureMessage { get; private set; }
    /// <summary>vCD's ovfDescriptorUploaded: true once the descriptor was received and processed (also when it was refused).</summary>
    public bool DescriptorUploaded { get; private set; }
    /// <summary>Bumped by every transfer request (the transfer idle timeout, not the API session's).</summary>
    public DateTimeOffset LastActivityUtc { get; private set; } = DateTimeOffset.UtcNow;
    public Task? Completion { get; private set; }

    public IReadOnlyList<UploadFile> Files
    {
        get { lock (_sync) { return _files.ToArray(); } }
    }

    public UploadFile? FindFile(string name)
    {
        lock (_sync)
        {
            return _files.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
        }
    }

    /// <summary>Receives one PUT of a file (whole, or a chunk with Content-Range).</summary>
    public async Task<UploadPutResult> PutAsync(string name, string? contentRangeHeader, long? contentLength, Stream body, CancellationToken cancellationToken)
    {
        LastActivityUtc = DateTimeOffset.UtcNow;
        var file = FindFile(name);
        if (file is null)
        {
            return new UploadPutResult(404, $"No file named '{name}' is expected by this upload.");
        }
        if (Phase is UploadPhase.Failed or UploadPhase.Complete or UploadPhase.Completing)
        {
            return new UploadPutResult(400, $"The upload is no longer accepting data ({Phase}).");
        }
        if (file.Kind == UploadFileKind.Descriptor && Phase != UploadPhase.DescriptorPending)
        {
            return new UploadPutResult(400, "The OVF descriptor has already been uploaded.");
        }

        ContentRange? range = null;
        if (!string.IsNullOrEmpty(contentRangeHeader))
        {
            if (!ContentRange.TryParse(contentRangeHeader, out var parsed))
            {
                return UploadPutResult.RangeNotSatisfiable;
            }
            range = parsed;
        }

        await file.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var start = range?.First ?? 0;
            if (range is { } r)
            {
                // vCD: "Content-Range not satisfiable: Request must begin at the last byte stored" (416, empty body).
                if (r.First != file.BytesTransferred)
                {
                    return UploadPutResult.RangeNotSatisfiable;
                }
                if (file.Size is { } declared && (r.Last >= declared || (r.Total is { } total && total != declared)))
                {
                    return UploadPutResult.RangeNotSatisfiable;
                }
                if (contentLength is { } length && length != r.Length)
                {
                    return new UploadPutResult(400, $"Content-Length {length} does not match Content-Range {r.First}-{r.Last}.");
                }
            }
            else if (file.Size is { } declared && contentLength is { } length && length > declared)
            {
                return new UploadPutResult(400, $"The file '{name}' is declared with {declared} bytes; {length} bytes were sent.");
            }

            var limit = range?.Length ?? file.Size ?? contentLength ?? OvfDescriptorReader.MaxDescriptorBytes;
            if (file.Kind == UploadFileKind.Descriptor && start + limit > OvfDescriptorReader.MaxDescriptorBytes)
            {
                return new UploadPutResult(400, "The OVF descriptor is too large.");
            }
            if (start == 0)
            {
                ResetHashes(file);
            }

            var (received, overflow, dropped) = await ReceiveAsync(file, start, limit, body, cancellationToken).ConfigureAwait(false);
            if (overflow)
            {
                return new UploadPutResult(400, $"More data was sent for '{name}' than the request declared; the excess was discarded.");
            }

            if (file.Size is null)
            {
                // Descriptor, manifest, or a file without ovf:size: complete when the last byte of the declared total (or
                // of a whole-file PUT that was not cut short) arrived.
                var wholeBody = range is null && !dropped && (contentLength is null || contentLength == received);
                var total = range?.Total ?? (wholeBody ? received : null);
                if (total is { } t && file.BytesTransferred == t)
                {
                    file.Size = t;
                }
            }
        }
        finally
        {
            file.Gate.Release();
        }

        if (file.IsComplete)
        {
            if (file.Kind == UploadFileKind.Descriptor)
            {
                AcceptDescriptor(file);
            }
            else
            {
                CompleteIfAllFilesArrived();
            }
        }
        return UploadPutResult.Ok;
    }

    public void Fail(string message)
    {
        lock (_sync)
        {
            if (Phase is UploadPhase.Failed or UploadPhase.Complete)
            {
                return;
            }
            DescriptorUploaded |= Phase == UploadPhase.DescriptorProcessing;
            Phase = UploadPhase.Failed;
            FailureMessage = message;
        }
        _handlers.Failed(this, message);
    }

    /// <summary>
    /// Streams the request body to the file at <paramref name="start"/>: two 1 MiB buffers, so the next buffer fills from
    /// the network while the previous one is written. <c>bytesTransferred</c> only counts bytes already written.
    /// </summary>
    private static async Task<(long Received, bool Overflow, bool Dropped)> ReceiveAsync(UploadFile file, long start, long limit, Stream body, CancellationToken cancellationToken)
    {
        var buffers = new[] { ArrayPool<byte>.Shared.Rent(TransferResponder.BufferSize), ArrayPool<byte>.Shared.Rent(TransferResponder.BufferSize) };
        var current = 0;
        long accepted = 0;    // bytes handed to a write (≤ limit)
        long written = 0;     // bytes known to be on disk
        Task pendingWrite = Task.CompletedTask;
        var pendingLength = 0;
        var overflow = false;
        var dropped = false;
        try
        {
            using SafeFileHandle handle = File.OpenHandle(file.Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, FileOptions.Asynchronous);
            RandomAccess.SetLength(handle, start);
            file.SetTransferred(start);
            var ended = false;
            while (!ended)
            {
                var buffer = buffers[current];
                var filled = 0;
                try
                {
                    int read;
                    while ((read = await body.ReadAsync(buffer.AsMemory(filled, TransferResponder.BufferSize - filled), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        filled += read;
                        if (filled == TransferResponder.BufferSize)
                        {
                            break;
                        }
                    }
                    ended = read == 0;
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException or Microsoft.AspNetCore.Connections.ConnectionResetException)
                {
                    // Dropped connection: keep what arrived; the client resumes from bytesTransferred.
                    ended = true;
                    dropped = true;
                }

                var take = (int)Math.Min(filled, limit - accepted);
                overflow = take < filled;
                ended |= overflow;

                await pendingWrite.ConfigureAwait(false);
                written += pendingLength;
                file.SetTransferred(start + written);
                pendingLength = 0;

                if (take > 0)
                {
                    file.Sha256?.AppendData(buffer, 0, take);
                    file.Sha1?.AppendData(buffer, 0, take);
                    pendingWrite = RandomAccess.WriteAsync(handle, buffer.AsMemory(0, take), start + accepted, CancellationToken.None).AsTask();
                    pendingLength = take;
                    accepted += take;
                    current ^= 1;
                }
            }
            await pendingWrite.ConfigureAwait(false);
            written += pendingLength;
            file.SetTransferred(start + written);
            return (written, overflow, dropped);
        }
        finally
        {
            try
            {
                await pendingWrite.ConfigureAwait(false);   // never hand a buffer back while a write still reads it
            }
            catch (IOException)
            {
            }
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }

    private void ResetHashes(UploadFile file)
    {
        file.Sha256?.Dispose();
        file.Sha1?.Dispose();
        var hash = _options.ManifestRequired && file.Kind == UploadFileKind.Content;
        file.Sha256 = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        file.Sha1 = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA1) : null;
    }

    private void AcceptDescriptor(UploadFile descriptor)
    {
        lock (_sync)
        {
            if (Phase != UploadPhase.DescriptorPending)
            {
                return;
            }
            Phase = UploadPhase.DescriptorProcessing;
        }

        OvfPackage package;
        try
        {
            using var stream = File.OpenRead(descriptor.Path);
            package = OvfDescriptorReader.Read(stream);
        }
        catch (OvfDescriptorException ex)
        {
            FailLater("Invalid OVF descriptor: " + ex.Message);
            return;
        }
        Package = package;

        var problem = _handlers.ValidateDescriptor(this, package);
        if (problem is not null)
        {
            FailLater(problem);
            return;
        }

        _ = Task.Run(async () =>
        {
            await Task.Delay(_options.FileListDelay).ConfigureAwait(false);
            lock (_sync)
            {
                if (Phase != UploadPhase.DescriptorProcessing)
                {
                    return;
                }
                foreach (var reference in package.Files)
                {
                    _files.Add(new UploadFile(reference.Href, reference.Size, System.IO.Path.Combine(Folder, reference.Href), UploadFileKind.Content));
                }
                if (_options.ManifestRequired)
                {
                    _files.Add(new UploadFile(ManifestName, null, System.IO.Path.Combine(Folder, ManifestName), UploadFileKind.Manifest));
                }
                foreach (var file in _files.Where(f => f.Kind != UploadFileKind.Descriptor))
                {
                    ResetHashes(file);
                }
                Phase = UploadPhase.ContentsPending;
                DescriptorUploaded = true;
            }
            _handlers.FilesPublished(this);
            CompleteIfAllFilesArrived();   // a package whose files are all empty or absent
        });
    }

    private void FailLater(string message)
        => _ = Task.Run(async () =>
        {
            await Task.Delay(_options.FileListDelay).ConfigureAwait(false);
            Fail(message);
        });

    private void CompleteIfAllFilesArrived()
    {
        lock (_sync)
        {
            if (Phase != UploadPhase.ContentsPending || _files.Any(f => !f.IsComplete))
            {
                return;
            }
            Phase = UploadPhase.Completing;
        }
        Completion = Task.Run(async () =>
        {
            try
            {
                var problem = UploadVerifier.Verify(this);
                if (problem is not null)
                {
                    Fail(problem);
                    return;
                }
                await _handlers.Completed(this).ConfigureAwait(false);
                lock (_sync)
                {
                    Phase = UploadPhase.Complete;
                }
            }
            catch (Exception ex)
            {
                Fail(ex.Message);
            }
        });
    }
}
