using System;
using System.Linq;

namespace VCloudPS.Core.Ovf;

/// <summary>What vCloud Director refuses in a package, checked before anything is sent so the admin gets a clear
/// error instead of the server's (OVF 2.0 and 0.9 envelopes are refused by the parser).</summary>
public static class VcdLimits
{
    /// <summary>Network adapters vCD allows on one VM.</summary>
    public const int MaxNicsPerVm = 10;

    public static void Check(OvfDescriptor descriptor, string sourceName)
    {
        foreach (var f in descriptor.Files.Where(f => !string.IsNullOrEmpty(f.Compression) && !string.Equals(f.Compression, "identity", StringComparison.OrdinalIgnoreCase)))
            throw new OvfPackageException("PackageCompressed",
                $"File '{f.Href}' is {f.Compression}-compressed (ovf:compression=\"{f.Compression}\"); vCloud Director does not accept compressed packages. " +
                "Nothing was sent. Convert the package without compression first (e.g. ovftool source.ovf target.ova, or gunzip the file and remove the attribute, adjusting ovf:size).", f.Href);
        foreach (var vm in descriptor.VirtualSystems)
        {
            if (vm.Nics.Count > MaxNicsPerVm)
                throw new OvfPackageException("VcdTooManyNics",
                    $"VM '{vm.Name}' in '{sourceName}' has {vm.Nics.Count} network adapters{Configuration(descriptor)}; vCloud Director allows at most {MaxNicsPerVm} per VM.", sourceName);
            foreach (var host in vm.OtherDiskResources)
                throw new OvfPackageException("VcdDiskResourceInvalid",
                    $"VM '{vm.Name}' in '{sourceName}' has a disk drive whose HostResource '{host}' does not name a disk of the DiskSection (ovf:/disk/<diskId>); vCloud Director cannot import it.", sourceName);
        }
    }

    private static string Configuration(OvfDescriptor d) => d.DeploymentOption == null ? "" : $" in deployment option '{d.DeploymentOption}'";
}
