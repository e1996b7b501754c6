namespace VCloudPS.Simulator.Xml;

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
