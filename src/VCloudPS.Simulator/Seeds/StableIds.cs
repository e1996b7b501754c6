using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace VCloudPS.Simulator.Seeds;

/// <summary>Deterministic uuids from names so a seed gives the same ids on every run.</summary>
public static class StableIds
{
    [SuppressMessage("Security", "CA5351", Justification = "RFC 4122 version-3 (name-based) uuids are defined over MD5; no security depends on them.")]
    public static Guid For(params string[] parts)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts).ToLowerInvariant()));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30);   // version 3 (name based)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);   // RFC 4122 variant
        return new Guid(hash, bigEndian: true);
    }

    public static string Mac(Guid vmId, int nic)
    {
        var b = vmId.ToByteArray();
        return $"00:50:56:{b[0] & 0x3F:x2}:{b[1]:x2}:{(b[2] + nic) & 0xFF:x2}";
    }
}
