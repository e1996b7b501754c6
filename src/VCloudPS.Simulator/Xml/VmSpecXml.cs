using System.Xml.Linq;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Xml;

/// <summary>
/// The <c>VmSpecSection</c> (API 32+: the VM's configuration in one section, vCD's VmSpecSectionType) and
/// <c>BootOptions</c> (API 21+) of a <c>Vm</c> (call inside the lock).
/// </summary>
public static class VmSpecXml
{
    private static XElement E(string name, params object?[] content) => new(Ns.V + name, content);

    public static XElement? VmSpecSection(SimStore store, SimVm vm, RequestContext rc)
    {
        if (rc.ApiVersionNumber < 32m) return null;
        var speedMhz = VCpuSpeedOf(store, vm);
        return E("VmSpecSection", new XAttribute("Modified", "false"),
            new XElement(Ns.Ovf + "Info", "Virtual Machine specification"),
            E("OsType", vm.OsType),
            E("NumCpus", vm.Cpu),
            E("NumCoresPerSocket", vm.CoresPerSocket),
            E("CpuResourceMhz", E("Configured", (long)vm.Cpu * speedMhz), E("Reservation", 0), E("Limit", -1),
                E("SharesLevel", "NORMAL"), E("Shares", 1000 * vm.Cpu)),
            E("MemoryResourceMb", E("Configured", vm.MemoryMB), E("Reservation", 0), E("Limit", -1),
                E("SharesLevel", "NORMAL"), E("Shares", 10 * vm.MemoryMB)),
            E("DiskSection", vm.Disks.Select((d, unit) => E("DiskSettings",
                E("DiskId", d.InstanceId), E("SizeMb", d.SizeMB), E("UnitNumber", unit), E("BusNumber", 0),
                E("AdapterType", "6"), E("ThinProvisioned", "true"),
                store.StorageProfiles.TryGetValue(d.StorageProfileId, out var p)
                    ? Links.Ref("StorageProfile", rc.Href(Ids.Path(EntityKind.StorageProfile, p.Id)), p.Name, MediaTypes.StorageProfile)
                    : null,
                E("OverrideVmDefault", XmlFormat.Bool(d.StorageProfileId != vm.StorageProfileId)),
                E("VirtualQuantity", d.SizeMB * 1024 * 1024), E("VirtualQuantityUnit", "byte")))),
            E("HardwareVersion", vm.HardwareVersion),
            E("VmToolsVersion", "12352"),
            E("VirtualCpuType", vm.OsType.Contains("64", StringComparison.Ordinal) ? "VM64" : "VM32"),
            E("TimeSyncWithHost", "false"));
    }

    /// <summary>BootOptionsType: the boot delay (ms) and whether the next boot enters the BIOS setup.</summary>
    public static XElement? BootOptions(RequestContext rc) =>
        rc.ApiVersionNumber < 21m ? null : E("BootOptions", E("BootDelay", 0), E("EnterBIOSSetup", "false"));

    private static Guid VdcIdOf(SimStore store, SimVm vm) =>
        vm.InTemplate ? (store.Templates.TryGetValue(vm.VAppId, out var t) ? t.VdcId : Guid.Empty)
                      : (store.VApps.TryGetValue(vm.VAppId, out var a) ? a.VdcId : Guid.Empty);

    private static int VCpuSpeedOf(SimStore store, SimVm vm) =>
        store.Vdcs.TryGetValue(VdcIdOf(store, vm), out var vdc) ? vdc.VCpuSpeedMhz : 2000;
}
