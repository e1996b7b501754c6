using System;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security;

namespace VCloudPS.Core.Api;

/// <summary>
/// API tokens for unattended logins: from a file only its owner can read (checked on Unix by its mode bits), or
/// from an environment variable set by the runbook engine. The token goes straight into a SecureString.
/// </summary>
public static class ApiTokenSource
{
    // UnixFileMode bits (System.IO.UnixFileMode, .NET 7+): group and other read/write.
    private const int GroupOrOtherAccess = 0x20 | 0x10 | 0x04 | 0x02;

    public static SecureString FromFile(string path)
    {
        if (!File.Exists(path))
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "ApiTokenFileNotFound", $"The API token file '{path}' does not exist.");
        var mode = UnixMode(path);
        if (mode.HasValue && (mode.Value & GroupOrOtherAccess) != 0)
            throw new VCloudException(VCloudErrorKind.PermissionDenied, "ApiTokenFileTooOpen",
                $"The API token file '{path}' can be read or changed by other users (mode {Convert.ToString(mode.Value & 0x1FF, 8).PadLeft(3, '0')}). " +
                $"Make it readable only by its owner (chmod 600 '{path}') and create a new token if others may have read it.");
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return FromBytes(bytes, $"the API token file '{path}'");
        }
        finally
        {
            Array.Clear(bytes, 0, bytes.Length);
        }
    }

    public static SecureString FromEnvironment(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "ApiTokenVariableEmpty", $"The environment variable '{variable}' is not set or empty.");
        var s = new SecureString();
        foreach (var c in value!.Trim()) s.AppendChar(c);
        s.MakeReadOnly();
        return s;
    }

    /// <summary>Token characters (printable ASCII) up to the first line break; surrounding blanks ignored.</summary>
    private static SecureString FromBytes(byte[] bytes, string what)
    {
        int start = 0, end = bytes.Length;
        if (end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) start = 3;
        while (start < end && IsBlank(bytes[start])) start++;
        for (int i = start; i < end; i++) if (bytes[i] == '\r' || bytes[i] == '\n') { end = i; break; }
        while (end > start && IsBlank(bytes[end - 1])) end--;
        if (end == start) throw new VCloudException(VCloudErrorKind.InvalidArgument, "ApiTokenEmpty", $"{char.ToUpperInvariant(what[0])}{what.Substring(1)} is empty.");
        var s = new SecureString();
        for (int i = start; i < end; i++)
        {
            if (bytes[i] < 0x21 || bytes[i] > 0x7E)
            {
                s.Dispose();
                throw new VCloudException(VCloudErrorKind.InvalidArgument, "ApiTokenInvalid", $"{char.ToUpperInvariant(what[0])}{what.Substring(1)} holds characters an API token never has (it should be one line of text).");
            }
            s.AppendChar((char)bytes[i]);
        }
        s.MakeReadOnly();
        return s;
    }

    private static bool IsBlank(byte b) => b == ' ' || b == '\t';

    /// <summary>The file's Unix mode bits on Unix with .NET 7+; null on Windows (ACLs are not checked).</summary>
    internal static int? UnixMode(string path)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return null;
        var get = typeof(File).GetMethod("GetUnixFileMode", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string) }, null);
        if (get == null) return null;
        return Convert.ToInt32(get.Invoke(null, new object[] { path }), CultureInfo.InvariantCulture);
    }
}
