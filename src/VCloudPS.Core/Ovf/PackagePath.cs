using System;
using System.IO;

namespace VCloudPS.Core.Ovf;

/// <summary>Rules for names inside a package (OVF <c>ovf:href</c>, tar entry names, manifest names): relative,
/// forward slashes, no <c>..</c> segment, no root, drive, scheme or control characters.</summary>
public static class PackagePath
{
    /// <summary>Returns the normalised relative name or throws <see cref="OvfPackageException"/> (<c>PackagePathEscapes</c>).</summary>
    public static string Validate(string? name, string what)
    {
        var reason = Check(name);
        if (reason != null)
            throw new OvfPackageException("PackagePathEscapes",
                $"{what} '{name}' is refused: {reason}. Package file names must stay inside the package folder.", name);
        return Normalise(name!);
    }

    public static bool IsSafe(string? name) => Check(name) == null;

    private static string? Check(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "it is empty";
        foreach (var c in name!) if (c < 0x20 || c == 0x7f) return "it contains a control character";
        if (name.IndexOf('\\') >= 0) return "it contains a backslash";
        if (name.StartsWith("/", StringComparison.Ordinal)) return "it is an absolute path";
        if (name.Length >= 2 && name[1] == ':') return "it names a drive";
        if (name.IndexOf("://", StringComparison.Ordinal) >= 0 || name.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            return "it is a URL, not a file of the package";
        foreach (var segment in name.Split('/'))
            if (segment == "..") return "it climbs out of the package folder (..)";
        return null;
    }

    private static readonly char[] Slash = new[] { '/' };

    private static string Normalise(string name)
    {
        var parts = name.Split(Slash, StringSplitOptions.RemoveEmptyEntries);
        var kept = new System.Collections.Generic.List<string>();
        foreach (var p in parts) if (p != ".") kept.Add(p);
        if (kept.Count == 0) throw new OvfPackageException("PackagePathEscapes", $"'{name}' names no file.", name);
        return string.Join("/", kept);
    }

    /// <summary>Joins a validated package name to a local folder and checks the result stays in that folder.</summary>
    public static string ToLocalPath(string folder, string packageName)
    {
        var rel = Validate(packageName, "File name");
        var root = Path.GetFullPath(folder);
        var full = Path.GetFullPath(Path.Combine(root, rel.Replace('/', Path.DirectorySeparatorChar)));
        var rootWithSep = root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSep, StringComparison.Ordinal))
            throw new OvfPackageException("PackagePathEscapes", $"'{packageName}' resolves outside the package folder.", packageName);
        return full;
    }
}
