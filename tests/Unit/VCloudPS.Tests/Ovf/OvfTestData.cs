using System.Security.Cryptography;

namespace VCloudPS.Tests.Ovf;

/// <summary>Locates tests/data/ovf in the repository and makes scratch folders.</summary>
internal static class OvfTestData
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "VCloudPS.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("VCloudPS.sln not found above the test binaries.");
        }
    }

    public static string Data(params string[] parts) => Path.Combine(new[] { RepoRoot, "tests", "data", "ovf" }.Concat(parts).ToArray());

    public static string NewScratch()
    {
        var d = Path.Combine(Path.GetTempPath(), string.Concat("vcloudps-ovf-", Guid.NewGuid().ToString("N").AsSpan(0, 10)));
        Directory.CreateDirectory(d);
        return d;
    }

    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)), true);
    }

    public static string Sha256(byte[] data) => Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();
    public static string Sha256File(string path) { using var fs = File.OpenRead(path); return Convert.ToHexString(SHA256.HashData(fs)).ToLowerInvariant(); }

    public static byte[] RandomBytes(int n, int seed) { var b = new byte[n]; new Random(seed).NextBytes(b); return b; }
}

/// <summary>Deletes a scratch folder at the end of a test.</summary>
internal sealed class Scratch : IDisposable
{
    public Scratch() { Path = OvfTestData.NewScratch(); }
    public string Path { get; }
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}
