using System.Globalization;
using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Transfer;

/// <summary>The VDC limits an import or instantiation must fit in: VM quota and storage limit (0 = unlimited, as in vCD).</summary>
internal static class VdcCapacity
{
    /// <summary>Returns the reason the VDC cannot take <paramref name="addVms"/> more VMs with <paramref name="addStorageMB"/> of disk, or null.</summary>
    public static string? Check(SimStore store, SimVdc vdc, int addVms, long addStorageMB)
    {
        var vms = store.VApps.Values.Where(a => a.VdcId == vdc.Id).Sum(a => a.VmIds.Count);
        if (vdc.VmQuota > 0 && vms + addVms > vdc.VmQuota)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"The VM quota of VDC \"{vdc.Name}\" would be exceeded: the quota is {vdc.VmQuota} VMs, {vms} exist and the operation adds {addVms}.");
        }
        if (vdc.StorageLimitMB > 0)
        {
            var used = UsedStorageMB(store, vdc);
            if (used + addStorageMB > vdc.StorageLimitMB)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"The storage limit of VDC \"{vdc.Name}\" would be exceeded: the limit is {vdc.StorageLimitMB} MB, {used} MB are in use and the operation needs {addStorageMB} MB more.");
            }
        }
        return null;
    }

    public static void Enforce(SimStore store, SimVdc vdc, int addVms, long addStorageMB)
    {
        if (Check(store, vdc, addVms, addStorageMB) is { } problem)
        {
            throw ApiException.BadRequest(problem);
        }
    }

    /// <summary>Disks of the VDC's vApps and of the templates stored in it.</summary>
    public static long UsedStorageMB(SimStore store, SimVdc vdc)
        => store.VApps.Values.Where(a => a.VdcId == vdc.Id).SelectMany(store.VmsOf).Sum(vm => vm.StorageMB)
           + store.Templates.Values.Where(t => t.VdcId == vdc.Id).SelectMany(store.VmsOf).Sum(vm => vm.StorageMB);

    public static long CapacityMB(long bytes) => (bytes + (1L << 20) - 1) >> 20;
}
