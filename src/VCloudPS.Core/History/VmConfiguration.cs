using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace VCloudPS.Core.History;

/// <summary>One virtual disk's allocation on a storage policy.</summary>
public sealed class DiskAllocation : IEquatable<DiskAllocation>
{
    public DiskAllocation(string storagePolicy, long sizeMiB)
    {
        StoragePolicy = storagePolicy ?? "";
        SizeMiB = sizeMiB;
    }

    public string StoragePolicy { get; }
    public long SizeMiB { get; }

    public bool Equals(DiskAllocation? other) =>
        other != null && SizeMiB == other.SizeMiB && string.Equals(StoragePolicy, other.StoragePolicy, StringComparison.OrdinalIgnoreCase);
    public override bool Equals(object? obj) => Equals(obj as DiskAllocation);
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(StoragePolicy) * 31 + SizeMiB.GetHashCode();
    public override string ToString() => StoragePolicy + ":" + SizeMiB.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The sized configuration of a VM: vCPU, memory and disks. Immutable, compared by value.</summary>
public sealed class VmConfiguration : IEquatable<VmConfiguration>
{
    public VmConfiguration(int vcpu, long memoryMiB, IEnumerable<DiskAllocation>? disks)
    {
        Vcpu = vcpu;
        MemoryMiB = memoryMiB;
        Disks = (disks ?? Enumerable.Empty<DiskAllocation>()).ToList().AsReadOnly();
    }

    public int Vcpu { get; }
    public long MemoryMiB { get; }
    public IReadOnlyList<DiskAllocation> Disks { get; }

    /// <summary>MiB allocated on one storage policy (all policies when <paramref name="storagePolicy"/> is null).</summary>
    public long DiskMiB(string? storagePolicy)
    {
        // A loop, not LINQ: asked for every VM slice of every storage meter (hundreds of thousands of times a report).
        long sum = 0;
        for (int i = 0; i < Disks.Count; i++)
        {
            var d = Disks[i];
            if (storagePolicy == null || string.Equals(d.StoragePolicy, storagePolicy, StringComparison.OrdinalIgnoreCase)) sum = checked(sum + d.SizeMiB);
        }
        return sum;
    }

    private static readonly char[] Semicolon = new[] { ';' };

    /// <summary>Parses the audit-trail form <c>Standard:40960;Gold:51200</c>.</summary>
    public static IReadOnlyList<DiskAllocation> ParseDisks(string? text)
    {
        var list = new List<DiskAllocation>();
        if (string.IsNullOrWhiteSpace(text)) return list;
        foreach (var part in text!.Split(Semicolon, StringSplitOptions.RemoveEmptyEntries))
        {
            var p = part.Trim();
            var colon = p.LastIndexOf(':');
            if (colon <= 0 || !long.TryParse(p.Substring(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var mib))
                throw new FormatException("Disk entry '" + p + "' is not '<storage policy>:<size MiB>'.");
            list.Add(new DiskAllocation(p.Substring(0, colon), mib));
        }
        return list;
    }

    public static string FormatDisks(IEnumerable<DiskAllocation> disks) => string.Join(";", disks.Select(d => d.ToString()));

    public bool Equals(VmConfiguration? other) =>
        other != null && Vcpu == other.Vcpu && MemoryMiB == other.MemoryMiB && Disks.SequenceEqual(other.Disks);
    public override bool Equals(object? obj) => Equals(obj as VmConfiguration);
    public override int GetHashCode() => (Vcpu * 397) ^ MemoryMiB.GetHashCode() ^ Disks.Count;
    public override string ToString() =>
        Vcpu.ToString(CultureInfo.InvariantCulture) + " vCPU, " + MemoryMiB.ToString(CultureInfo.InvariantCulture) + " MiB, " + FormatDisks(Disks);
}
