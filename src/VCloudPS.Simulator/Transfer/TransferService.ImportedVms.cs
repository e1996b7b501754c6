using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Seeds;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Tasks;
using VCloudPS.Simulator.Transfer.Descriptors;
using VCloudPS.Simulator.Transfer.Sessions;
using VCloudPS.Simulator.Xml;
using TaskStatus = VCloudPS.Simulator.Store.TaskStatus;

namespace VCloudPS.Simulator.Transfer;

internal sealed partial class TransferService
{
    /// <summary>Every file arrived and checked: move the disks into the disk store and build the VMs.</summary>
    private Task CompleteImportAsync(SimEntity entity, UploadSession upload)
    {
        var package = upload.Package!;
        var adopted = new Dictionary<string, string>(StringComparer.Ordinal);   // file id → disk store path
        foreach (var reference in package.Files)
        {
            var file = upload.FindFile(reference.Href);
            if (file is not null && File.Exists(file.Path))
            {
                adopted[reference.Id] = Disks.Adopt(file.Path, $"{entity.Id:N}-{reference.Id}");
            }
        }

        lock (Store.Sync)
        {
            if (TransferStateOf(entity) is not ImportState state || TaskStatus.IsDone(state.Task.Status))
            {
                return Task.CompletedTask;
            }
            if (state.Task.PlannedFailure is { } failure)
            {
                throw new InvalidOperationException(failure);
            }
            var at = _sim.Clock.UtcNow;
            var vdc = Store.Vdcs[state.VdcId];
            var profile = state.StorageProfileId is { } pid && Store.StorageProfiles.TryGetValue(pid, out var p) ? p : Store.DefaultProfile(vdc);
            var isTemplate = entity is SimVAppTemplate;
            var vms = package.VirtualMachines.Select(vm => BuildVm(vm, entity.Id, isTemplate, state, profile, adopted, at)).ToList();

            switch (entity)
            {
                case SimVApp vapp:
                    foreach (var vm in vms)
                    {
                        vapp.VmIds.Add(vm.Id);
                    }
                    foreach (var network in vms.SelectMany(v => v.Nics).Select(n => n.Network).Where(n => n != "none").Distinct())
                    {
                        vapp.NetworkNames.Add(network);
                    }
                    vapp.StatusOverride = null;
                    vapp.TransferState = null;
                    if (!state.Hang)
                    {
                        _sim.Events.VAppCreate(vapp, state.Actor, at, state.Task.Urn);
                        foreach (var vm in vms)
                        {
                            _sim.Events.VmCreate(vm, vapp, state.Actor, at, state.Task.Urn);
                        }
                    }
                    break;
                case SimVAppTemplate template:
                    foreach (var vm in vms)
                    {
                        template.VmIds.Add(vm.Id);
                    }
                    template.Status = VAppStatus.POWERED_OFF;
                    template.OvfDescriptorUploaded = true;
                    template.Files.Clear();
                    template.TransferState = null;
                    break;
            }
            _uploads.TryRemove(upload.Id, out _);
            if (!state.Hang)
            {
                _sim.Tasks.Complete(state.Task);
            }
            Store.Touch();
        }
        TryDeleteFolder(upload.Folder);
        return Task.CompletedTask;
    }

    private SimVm BuildVm(OvfVirtualMachine source, Guid parentId, bool inTemplate, ImportState state, SimStorageProfile profile, IReadOnlyDictionary<string, string> adopted, DateTime at)
    {
        var vm = new SimVm
        {
            Name = source.Name,
            VAppId = parentId,
            InTemplate = inTemplate,
            Description = source.Description ?? string.Empty,
            Cpu = source.CpuCount,
            CoresPerSocket = Math.Max(1, source.CoresPerSocket),
            MemoryMB = source.MemoryMB,
            GuestOs = source.OsDescription ?? source.OsType ?? "Other (64-bit)",
            OsType = source.OsType ?? "other3xLinux64Guest",
            HardwareVersion = source.HardwareVersion ?? "vmx-19",
            ComputerName = source.ComputerName ?? source.Name,
            Status = VAppStatus.POWERED_OFF,
            Deployed = false,
            CreatedUtc = at,
            StorageProfileId = profile.Id,
        };
        var instance = 2000;
        foreach (var disk in source.Disks)
        {
            vm.Disks.Add(new SimDisk
            {
                InstanceId = instance++,
                SizeMB = VdcCapacity.CapacityMB(disk.CapacityBytes),
                StorageProfileId = profile.Id,
                BusSubType = disk.ControllerSubType is { Length: > 0 } bus && bus != "ide" ? bus : "lsilogic",
                BackingFile = disk.FileRef is { } fileId && adopted.TryGetValue(fileId, out var path) ? path : null,
                ContentMB = disk.FileRef is null ? 0 : null,
            });
        }
        foreach (var nic in source.Nics.OrderBy(n => n.Index))
        {
            var network = ResolveNetwork(state.OrgId, nic.Network, state.NetworkMapping, inTemplate);
            var net = Store.NetworksOf(state.OrgId).FirstOrDefault(n => n.Name == network);
            var mode = nic.AddressingMode.ToUpperInvariant() is "DHCP" or "POOL" or "MANUAL" or "NONE" ? nic.AddressingMode.ToUpperInvariant() : "DHCP";
            var ip = mode == "MANUAL" ? nic.IpAddress : mode == "POOL" && net is not null && !inTemplate ? SeedLoader.NextIp(net) : null;
            vm.Nics.Add(new SimNic
            {
                Index = nic.Index,
                Network = network,
                IpMode = network == "none" ? "NONE" : mode,
                IpAddress = network == "none" ? null : ip,
                Mac = nic.MacAddress ?? StableIds.Mac(vm.Id, nic.Index),
                AdapterType = nic.AdapterType,
                IsConnected = nic.IsConnected && network != "none",
            });
            if (nic.IsPrimary)
            {
                vm.PrimaryNicIndex = nic.Index;
            }
        }
        return Store.Add(vm);
    }

    /// <summary>
    /// Where a NIC of an imported VM connects: the NetworkMapping target, else the org network of the same name, else
    /// "none" (disconnected). Templates keep the descriptor's network names.
    /// </summary>
    private string ResolveNetwork(Guid orgId, string? ovfNetwork, IReadOnlyDictionary<string, string> mapping, bool inTemplate)
    {
        if (string.IsNullOrEmpty(ovfNetwork))
        {
            return "none";
        }
        if (mapping.TryGetValue(ovfNetwork, out var target))
        {
            return target;
        }
        if (inTemplate || Store.NetworksOf(orgId).Any(n => n.Name == ovfNetwork))
        {
            return ovfNetwork;
        }
        return "none";
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
