namespace VCloudPS.Simulator.Store;

/// <summary>vCD status codes of vApps, VMs and templates (vcd-api.md §2.8).</summary>
public enum VAppStatus
{
    FAILED_CREATION = -1,
    UNRESOLVED = 0,
    RESOLVED = 1,
    DEPLOYED = 2,
    SUSPENDED = 3,
    POWERED_ON = 4,
    WAITING_FOR_INPUT = 5,
    UNKNOWN = 6,
    UNRECOGNIZED = 7,
    POWERED_OFF = 8,
    INCONSISTENT_STATE = 9,
    MIXED = 10,
    DESCRIPTOR_PENDING = 11,
    COPYING_CONTENTS = 12,
    DISK_CONTENTS_PENDING = 13,
    QUARANTINED = 14,
    QUARANTINE_EXPIRED = 15,
    REJECTED = 16,
    TRANSFER_TIMEOUT = 17,
    VAPP_UNDEPLOYED = 18,
    VAPP_PARTIALLY_DEPLOYED = 19,
    PARTIALLY_POWERED_OFF = 20,
    PARTIALLY_SUSPENDED = 21,
}

public enum AllocationModel { AllocationVApp, AllocationPool, ReservationPool, Flex }

/// <summary>Kinds of entities that can own tasks and events.</summary>
public enum EntityKind { Org, User, Vdc, VApp, Vm, VAppTemplate, Catalog, CatalogItem, Task, Network, StorageProfile, Media }
