using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;

namespace VCloudPS.Core.Migration;

/// <summary>What an interrupted streamed move needs to continue: which destination vApp (and temporary clone) it
/// created and which files are complete with their digests. Hrefs, names and digests only: never a credential,
/// a session token or a transfer URL. One file per (source, destination VDC, kind), written atomically.</summary>
public sealed class MoveJournal
{
    public int Version { get; set; } = 1;
    public string Kind { get; set; } = "";
    public string SourceServer { get; set; } = "";
    public string SourceHref { get; set; } = "";
    public string DestinationServer { get; set; } = "";
    public string DestinationVdcHref { get; set; } = "";
    public string Name { get; set; } = "";
    public string? DestinationVAppHref { get; set; }
    public string? TemporaryCloneHref { get; set; }
    public DateTime StartedUtc { get; set; }
    /// <summary>Completed files: name → SHA-256.</summary>
    public Dictionary<string, string> CompletedFiles { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    [JsonIgnore] public string Path { get; private set; } = "";
    private readonly object _gate = new object();

    public static string DefaultFolder()
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        if (string.IsNullOrEmpty(root)) root = System.IO.Path.GetTempPath();
        return System.IO.Path.Combine(root, "VCloudPS", "moves");
    }

    public static string PathFor(string folder, MoveKind kind, string sourceServer, string sourceHref, string destinationServer, string vdcHref)
    {
        using var sha = SHA256.Create();
        var key = string.Join("\n", kind, sourceServer, sourceHref, destinationServer, vdcHref);
        var hex = string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(key)).Take(12).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        return System.IO.Path.Combine(folder, "move-" + hex + ".json");
    }

    public static MoveJournal? TryLoad(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var j = JsonConvert.DeserializeObject<MoveJournal>(File.ReadAllText(path));
            if (j == null) return null;
            j.Path = path;
            return j;
        }
        catch (JsonException) { return null; }
    }

    public static MoveJournal Create(string path, MoveKind kind, string sourceServer, string sourceHref, string destinationServer, string vdcHref, string name, DateTime now)
        => new MoveJournal
        {
            Path = path, Kind = kind.ToString(), SourceServer = sourceServer, SourceHref = sourceHref,
            DestinationServer = destinationServer, DestinationVdcHref = vdcHref, Name = name, StartedUtc = now,
        };

    public void CompleteFile(string name, string sha256)
    {
        lock (_gate) { CompletedFiles[name] = sha256; Save(); }
    }

    public void Save()
    {
        lock (_gate)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var temp = Path + ".tmp";
            File.WriteAllText(temp, JsonConvert.SerializeObject(this, Formatting.Indented));
            if (File.Exists(Path)) File.Delete(Path);
            File.Move(temp, Path);
        }
    }

    public void Delete()
    {
        try { if (File.Exists(Path)) File.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
