using System.Xml.Linq;

namespace VCloudPS.Simulator.Transfer.Descriptors;

/// <summary>The namespaces of an OVF 1.x envelope as vCD writes it (vcd-api.md §2.1).</summary>
public static class OvfNamespaces
{
    public static readonly XNamespace Ovf = "http://schemas.dmtf.org/ovf/envelope/1";
    public static readonly XNamespace Rasd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";
    public static readonly XNamespace Vssd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData";
    public static readonly XNamespace Vmw = "http://www.vmware.com/schema/ovf";
    public static readonly XNamespace VCloud = "http://www.vmware.com/vcloud/v1.5";
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public const string StreamOptimizedFormat = "http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized";
}

/// <summary>RASD ResourceType values used in VirtualHardwareSection items.</summary>
public static class RasdResourceType
{
    public const int Other = 1;
    public const int Processor = 3;
    public const int Memory = 4;
    public const int IdeController = 5;
    public const int ParallelScsiHba = 6;
    public const int EthernetAdapter = 10;
    public const int FloppyDrive = 14;
    public const int CdDrive = 15;
    public const int DvdDrive = 16;
    public const int DiskDrive = 17;
    public const int SataController = 20;
}
